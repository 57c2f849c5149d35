"""Compare what feedsmith writes for a sample site with the real tool's
output recorded in ``tests/sites/<tool>/expected.json``.

Every profile test counts matches the same way, so the closing figures
("24 of 24 links") mean the same for every generator.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedsmith import feeds, load_config
from feedsmith.config import Config

SITES = Path(__file__).parent / "sites"
NOW = datetime(2026, 1, 1, tzinfo=UTC)  # the clock the real-tool tests fix


def expected(tool: str) -> list[dict[str, Any]]:
    return json.loads((SITES / tool / "expected.json").read_text(encoding="utf-8"))


def config_from(site: Path, tmp_path: Path, extra: str = "") -> Config:
    """The config of a ``config.yaml`` in ``tmp_path`` holding ``from: site``."""
    path = tmp_path / "config.yaml"
    path.write_text(f"from: {site}\n{extra}", encoding="utf-8")
    return load_config(path)


def items(config: Config, now: datetime = NOW) -> dict[str, dict[str, Any]]:
    """The main JSON feed's items by link, as the pipeline writes them."""
    files = feeds(config, now).files
    feed = json.loads(files[config.output / "feed.json"])
    return {item["url"]: item for item in feed["items"]}


def matches(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> dict[str, int]:
    """How many of the tool's items feedsmith keeps, and of those how many
    have the tool's link, id, publish and update dates (and title, where
    ``expected.json`` records one). Items in ``left_out`` (source -> the
    documented reason) must not appear at all."""
    counts = {"kept": 0, "link": 0, "id": 0, "published": 0, "updated": 0}
    for item in want:
        if item["source"] in left_out:
            assert item["link"] not in got, item["source"]
            continue
        counts["kept"] += 1
        found = got.get(item["link"])
        if found is None:
            continue
        counts["link"] += 1
        counts["id"] += found["id"] == item["id"]
        published = found["date_published"]
        counts["published"] += published == item["published"]
        counts["updated"] += found.get("date_modified", published) == _updated(item)
    return counts


def mismatches(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> list[str]:
    """One line per difference, for a failing assertion to show."""
    lines = []
    for item in want:
        if item["source"] in left_out:
            continue
        found = got.get(item["link"])
        if found is None:
            lines.append(f"{item['source']}: no item at {item['link']}")
            continue
        for ours, theirs in (
            ("id", "id"),
            ("date_published", "published"),
            ("date_modified", "updated"),
        ):
            value = found.get(ours, found["date_published"])
            want = _updated(item) if theirs == "updated" else item[theirs]
            if value != want:
                lines.append(f"{item['source']}: {theirs} {value!r} != {want!r}")
    return lines


def _updated(item: dict[str, Any]) -> str:
    """The tool's update date of ``item``; ``updated: null`` in expected.json
    means it has none of its own, so its publish date stands (feedsmith then
    writes no ``date_modified``)."""
    return item["updated"] if item["updated"] is not None else item["published"]


def assert_same(
    want: list[dict[str, Any]],
    got: Mapping[str, dict[str, Any]],
    left_out: Mapping[str, str],
) -> None:
    """Every item of ``want`` but ``left_out`` is in ``got`` with the tool's
    link, id and dates, and ``got`` holds no other item (no page, draft,
    bundle resource or static file)."""
    counts = matches(want, got, left_out)
    kept = len(want) - len(left_out)
    assert counts == dict.fromkeys(counts, kept), mismatches(want, got, left_out)
    assert len(got) == kept, sorted(set(got) - {item["link"] for item in want})
