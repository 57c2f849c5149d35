"""Build the site's feeds: ``python generate.py [--config FILE] [--check]``."""

import sys

try:
    from feedsmith.cli import main
except ModuleNotFoundError as missing:  # run before the README's install step
    sys.exit(
        f"error: feedsmith's dependency {missing.name!r} is not installed; "
        "install it first: python -m pip install . (see the README's quick start)"
    )

if __name__ == "__main__":
    sys.exit(main())
