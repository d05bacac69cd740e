"""The entry point of a query worker process (see :mod:`.workers`)."""

import sys

from .workers import main

if __name__ == "__main__":
    main(sys.argv[1])
