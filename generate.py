"""Build the site's feeds: ``python generate.py [--config FILE] [--check]``."""

import signal
import sys

# Ctrl-C while the imports below run (a few tenths of a second) ends quietly,
# as it does later in the run; a SIGINT ignored by the caller stays ignored.
if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, lambda signum, frame: sys.exit(128 + signum))

try:
    from feedsmith.cli import main
except ModuleNotFoundError as missing:  # run before the README's install step
    sys.exit(
        f"error: feedsmith's dependency {missing.name!r} is not installed; "
        "install it first: python -m pip install . (see the README's quick start)"
    )

if __name__ == "__main__":
    sys.exit(main())
