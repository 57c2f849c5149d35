"""Build the site's feeds: ``python generate.py [--config FILE] [--check]``."""

import sys

from feedsmith.cli import main

if __name__ == "__main__":
    sys.exit(main())
