"""Same input, same bytes: across runs, machine time zones and locales."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import NOW

from feedsmith import feeds, load_config

REPO = Path(__file__).resolve().parent.parent
CASE = REPO / "tests/cases/blog"


def test_two_builds_give_identical_bytes():
    config = load_config(CASE / "config.yaml")
    assert feeds(config, NOW).files == feeds(config, NOW).files


def digest_of_build(tmp_path: Path, tz: str) -> str:
    site = tmp_path / tz.replace("/", "-")
    shutil.copytree(CASE, site, ignore=shutil.ignore_patterns("expected"))
    env = {**os.environ, "TZ": tz, "LC_ALL": "C.UTF-8"}
    subprocess.run([sys.executable, str(REPO / "generate.py")], cwd=site, env=env,
                   check=True, capture_output=True)  # fmt: skip
    digest = hashlib.sha256()
    for path in sorted((site / "feeds").rglob("*")):
        if path.is_file():
            digest.update(
                path.relative_to(site).as_posix().encode() + path.read_bytes()
            )
    return digest.hexdigest()


def test_machine_time_zone_never_reaches_the_output(tmp_path):
    assert digest_of_build(tmp_path, "UTC") == digest_of_build(
        tmp_path, "Asia/Kathmandu"
    )


def test_sample_site_feeds_are_current():
    """The committed feeds/ must be what generate.py makes of sources/."""
    config = load_config(REPO / "config.yaml")
    for path, data in feeds(config, NOW).files.items():
        assert path.read_bytes() == data, f"{path} is stale: run python generate.py"
