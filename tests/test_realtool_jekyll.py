"""feedsmith's Jekyll groundwork: the real Jekyll with jekyll-feed builds the
sample site in tests/sites/jekyll/ and its own feed must give exactly
expected.json.

Opt-in (FEEDSMITH_REAL_TOOLS=1) until feedsmith's Jekyll profile exists; the
first run installs the pinned Debian packages (needs root, see realtools).
"""

import json
import os
from pathlib import Path

import pytest
from realtools import jekyll

SITE = Path(__file__).parent / "sites" / "jekyll"


def test_jekyll_publishes_what_expected_json_says(tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("runs the real Jekyll: set FEEDSMITH_REAL_TOOLS=1 to run it")
    jekyll.install()
    jekyll.build(SITE, tmp_path / "out")
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    assert jekyll.items(tmp_path / "out") == expected
