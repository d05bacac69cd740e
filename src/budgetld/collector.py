"""The cyclic garbage collector held back while a stage builds its result.

Reading a disclosure and building its triples allocate tens of thousands of objects that
stay alive until the stage returns (lines, blocks, model objects, RDF terms and quads), and
almost none of them are in reference cycles: plain reference counting frees what they drop.
While they pile up, CPython's collector keeps walking them, and a full collection walks the
whole heap: on a document of ten times the rows, the parse and rdf stages each spent one
full collection of 55–60 ms (of 460 ms and 350 ms CPU, measured with ``gc.callbacks`` on
ten concatenated copies of a sample), which made their cost grow faster than the document.
Holding collection back for the stage lets the next ordinary collection look at what the
stage kept once.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block with the cyclic collector disabled, and enable it again afterwards
    if it was enabled (nested and concurrent uses leave it enabled once the last ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
