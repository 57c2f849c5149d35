"""Pinned installs of the real site generators, for comparison tests."""
