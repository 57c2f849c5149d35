"""``python -m feedsmith``: the ``feedsmith`` command."""

import sys

from feedsmith.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="feedsmith"))
