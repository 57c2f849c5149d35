"""feedsmith's Pelican groundwork: the real Pelican builds the sample site in
tests/sites/pelican/ and its own feed must give exactly expected.json.

Opt-in (FEEDSMITH_REAL_TOOLS=1) until feedsmith's Pelican profile exists; the
first run installs the pinned Pelican into a cache folder (see realtools).
"""

import json
import os
from pathlib import Path

import pytest
from realtools import pelican

SITE = Path(__file__).parent / "sites" / "pelican"


def test_pelican_publishes_what_expected_json_says(tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("runs the real Pelican: set FEEDSMITH_REAL_TOOLS=1 to run it")
    pelican.install()
    pelican.build(SITE, tmp_path / "out")
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    assert pelican.items(tmp_path / "out") == expected
