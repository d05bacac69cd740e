"""How a budgetld process (a command, a publish worker) uses Python's cyclic garbage collector.

A run creates hundreds of thousands of objects that live to its end or to the end of the
input (modules, code lists, the model, the triples) and few reference cycles. At Python's
default threshold (a scan of the youngest objects every 700 allocations) the collector scans
the survivors again and again, and once more, every object, as the process exits: 0.1 s or
more of the 0.6 s a ``validate`` took, about a tenth of a publish worker's time. Garbage
outside cycles is freed at once as ever.
"""

from __future__ import annotations

import atexit
import functools
import gc

#: Objects allocated (less those freed) between two scans of the youngest generation.
THRESHOLD = 100_000


@functools.cache  # once per process
def fewer_collections() -> None:
    """Have the collector scan less for the rest of the process."""
    gc.set_threshold(THRESHOLD, *gc.get_threshold()[1:])
    atexit.register(gc.freeze)  # runs before Python's last collection, which then has nothing to scan
