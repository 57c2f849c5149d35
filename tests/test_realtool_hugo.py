"""The real Hugo builds tests/sites/hugo; its feed must say what expected.json says.

Opt-in (FEEDSMITH_REAL_TOOLS=1) until feedsmith's Hugo profile exists. The
first run installs the pinned Hugo into a cache folder; later runs reuse it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from realtools import hugo

SITE = Path(__file__).parent / "sites" / "hugo"


def test_hugo_publishes_what_expected_json_says(tmp_path: Path) -> None:
    if os.environ.get("FEEDSMITH_REAL_TOOLS") != "1":
        pytest.skip("comparison with the real Hugo: set FEEDSMITH_REAL_TOOLS=1")
    out = tmp_path / "public"
    hugo.build(SITE, out)
    expected = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
    assert hugo.items(out) == expected
