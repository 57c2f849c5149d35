"""Golden cases: each folder under tests/cases is a site and its expected feeds.

Each case guards both halves: the pipeline (``feedsmith.feeds``) must make
exactly the expected files, and so must the engine (``feedsmith.publish``)
writing into a copy of the site.

Run ``pytest --refresh-golden`` to rewrite the expected files from the
pipeline after a deliberate change; review the diff before committing it.
Golden files freeze bugs too, which is why tests/test_feeds.py parses feeds
back and checks them.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import lxml.html
import pytest
from conftest import NOW
from feedcheck import parse_json, parse_xml
from lxml import etree

import feedsmith
from feedsmith import load_config

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", NAMES)
def test_golden_case(case, request):
    """The pipeline, which defines the output, makes the expected files."""
    folder = CASES / case
    config = load_config(folder / "config.yaml")
    built = {
        path.relative_to(config.output).as_posix(): data
        for path, data in feedsmith.feeds(config, NOW).files.items()
    }
    if request.config.getoption("--refresh-golden"):
        shutil.rmtree(folder / "expected", ignore_errors=True)
        for name, data in built.items():
            (folder / "expected" / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / "expected" / name).write_bytes(data)
    assert_golden(case, built)


@pytest.mark.parametrize("case", NAMES)
def test_the_engine_writes_the_golden_files(case, tmp_path):
    """So does the engine, writing them into a copy of the site."""
    site = Path(shutil.copytree(CASES / case, tmp_path / case))
    shutil.rmtree(site / "expected")
    config = load_config(site / "config.yaml")
    report = feedsmith.publish(config, NOW)
    assert sorted(report.changed) == sorted(report.feeds)
    written = {
        path.relative_to(config.output).as_posix(): path.read_bytes()
        for path in config.output.rglob("*")
        if path.is_file()
    }
    assert_golden(case, written)


def assert_golden(case: str, built: dict[str, bytes]) -> None:
    """``built`` holds exactly the expected files of ``case``, byte for byte,
    and each parses as its format; a readable diff if not."""
    expected_dir = CASES / case / "expected"
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
        elif name.endswith(".xml"):
            parse_xml(data)
        elif name.endswith((".opml", ".xsl")):
            etree.fromstring(data)
        elif name.endswith(".html"):  # index.html, and discovery.html's tags
            assert lxml.html.fragments_fromstring(data.decode())
