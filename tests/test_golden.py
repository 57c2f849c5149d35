"""Golden cases: each folder under tests/cases is a site and its expected feeds.

Run ``pytest --refresh-golden`` to rewrite the expected files after a
deliberate change; review the diff before committing it. Golden files freeze
bugs too, which is why tests/test_feeds.py parses feeds back and checks them.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import NOW
from feedcheck import parse_json, parse_xml

from feedsmith import build, load_config

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case, request):
    folder = CASES / case
    config = load_config(folder / "config.yaml")
    built = {
        path.relative_to(config.output).as_posix(): data
        for path, data in build(config, now=NOW).files.items()
    }
    expected_dir = folder / "expected"
    if request.config.getoption("--refresh-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in built.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_bytes()
        for p in expected_dir.rglob("*")
        if p.is_file()
    }
    assert sorted(built) == sorted(expected)
    for name, data in built.items():
        if data != expected[name]:
            diff = difflib.unified_diff(
                expected[name].decode().splitlines(),
                data.decode().splitlines(),
                f"expected/{name}",
                f"built/{name}",
                lineterm="",
            )
            pytest.fail(f"{case}: {name} differs\n" + "\n".join(diff))
        if name.endswith(".json"):
            parse_json(data)
        else:
            parse_xml(data)
