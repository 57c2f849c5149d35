"""The real mkdocs-material blog builds tests/sites/mkdocs; the feed that
mkdocs-rss-plugin writes for it must give exactly expected.json.

Opt-in (FEEDSMITH_REAL_TOOLS=1) until feedsmith's mkdocs profile exists; the
first run installs the pinned tools into a cache folder (see realtools).
"""

import json
import os
from pathlib import Path

import pytest
from realtools import mkdocs

SITE = Path(__file__).parent / "sites" / "mkdocs"


def test_mkdocs_blog_publishes_what_expected_json_says(tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("runs the real mkdocs-material: set FEEDSMITH_REAL_TOOLS=1")
    mkdocs.build(SITE, tmp_path / "site")
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    assert mkdocs.items(tmp_path / "site") == expected
