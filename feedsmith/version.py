"""The release, also part of the cache's key: a new release starts it afresh."""

__version__ = "0.1.0"
