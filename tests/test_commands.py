"""The ``feedsmith`` program's commands as a person runs them: ``--version``,
``--help``, ``new`` and ``init``, each article or site they make built and
read back through feedparser; and every build option of before still builds.

The programs run as subprocesses where the user meets them (the installed
``feedsmith`` script, ``python -m feedsmith``, ``python generate.py``); the
many option combinations run through ``main(argv)``, which they all call.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
import yaml
from conftest import BASIC_CONFIG, REPO

from feedsmith import load_config
from feedsmith.cli import main
from feedsmith.config import SCHEMA
from feedsmith.version import __version__

GENERATE = [sys.executable, str(REPO / "generate.py")]
MODULE = [sys.executable, "-m", "feedsmith"]
# Far from the machine's zone (conftest: Pacific/Kiritimati, UTC+14), so
# that the site's date and the machine's differ for most of the day.
ZONE = "America/Adak"  # UTC-10, -9 in summer


def run(command: list[str], cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def script() -> list[str]:
    """The installed console script (pyproject's [project.scripts])."""
    found = shutil.which("feedsmith", path=os.path.dirname(sys.executable))
    found = found or shutil.which("feedsmith")
    assert found, "the feedsmith script is not installed: pip install -e ."
    return [found]


def new_site(root: Path, zone: str = ZONE) -> Path:
    (root / "sources").mkdir(parents=True)
    (root / "config.yaml").write_text(
        BASIC_CONFIG + f"  timezone: {zone}\n", encoding="utf-8"
    )
    return root


def today_in(zone: str, before: datetime) -> set[str]:
    """The day in ``zone`` when the command ran (between ``before`` and now)."""
    tz = ZoneInfo(zone)
    return {
        before.astimezone(tz).date().isoformat(),
        datetime.now(tz).date().isoformat(),
    }


def entries(site: Path) -> dict[str, feedparser.FeedParserDict]:
    feed = feedparser.parse((site / "feeds/atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    return {entry.title: entry for entry in feed.entries}


# --- --version and --help -----------------------------------------------------


def test_version_from_generate_py(tmp_path):
    done = run(GENERATE, tmp_path, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        f"feedsmith {__version__}\n",
        "",
    )


def test_help_names_the_program_feedsmith_and_its_commands(tmp_path):
    done = run(script(), tmp_path, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: feedsmith [-h] [--version]")
    assert "generate.py" not in done.stdout
    assert "'new TITLE'" in done.stdout and "'init [DIR]'" in done.stdout


def test_commands_help_and_usage_errors_say_feedsmith(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["new", "--help"], prog="feedsmith")
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("usage: feedsmith new [-h]")
    with pytest.raises(SystemExit) as caught:
        main(["init", "--frobnicate"], prog="feedsmith")
    assert caught.value.code == 2
    assert capsys.readouterr().err.startswith("usage: feedsmith init [-h]")
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"feedsmith {__version__}\n"


# --- new ------------------------------------------------------------------------


def test_new_markdown_article_builds_with_its_title_date_and_tags(
    tmp_path, capsys, monkeypatch
):
    site = new_site(tmp_path / "site")
    before = datetime.now(ZoneInfo(ZONE))
    done = run(
        MODULE,
        site,
        "new",
        "Über die Straße — Ça va?",
        "--tag",
        "Café",
        "--tag",
        "two words",
    )
    assert (done.returncode, done.stderr) == (0, "")
    # feedsmith's slug rule (as for tags): lower case, runs of other
    # characters as one -, letters of every script kept.
    assert done.stdout == "sources/über-die-straße-ça-va.md\n"
    text = (site / done.stdout.strip()).read_text(encoding="utf-8")
    matter = yaml.safe_load(text.split("---\n")[1])
    assert matter["title"] == "Über die Straße — Ça va?"
    assert matter["tags"] == ["Café", "two words"]
    date = matter["date"]
    assert date.date().isoformat() in today_in(ZONE, before)
    assert date.utcoffset() == ZoneInfo(ZONE).utcoffset(date.replace(tzinfo=None))

    monkeypatch.chdir(site)
    assert main([]) == 0, capsys.readouterr().err
    entry = entries(site)["Über die Straße — Ça va?"]
    assert [tag.term for tag in entry.tags] == ["Café", "two words"]
    assert datetime.fromisoformat(entry.published) == date
    year_month = date.strftime("%Y/%m")
    assert entry.link == (
        f"https://example.org/blog/{year_month}/%C3%BCber-die-stra%C3%9Fe-%C3%A7a-va/"
    )


def test_new_plain_text_article_builds(tmp_path, capsys, monkeypatch):
    site = new_site(tmp_path / "site")
    monkeypatch.chdir(site)
    before = datetime.now(ZoneInfo(ZONE))
    code = main(["new", "Walking  an old adit", "--format", "txt", "--tag", "history"])
    assert code == 0
    path = site / "sources/walking-an-old-adit.txt"
    assert capsys.readouterr().out == "sources/walking-an-old-adit.txt\n"
    title, date, tags, blank = path.read_text(encoding="utf-8").split("\n")[:4]
    assert (title, tags, blank) == ("Walking an old adit", "Tags: history", "")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", date)
    assert date[:10] in today_in(ZONE, before)

    assert main([]) == 0
    entry = entries(site)["Walking an old adit"]
    assert [tag.term for tag in entry.tags] == ["history"]
    published = datetime.fromisoformat(entry.published).astimezone(ZoneInfo(ZONE))
    assert published.strftime("%Y-%m-%d %H:%M") == date


def test_new_refuses_to_overwrite(tmp_path, capsys, monkeypatch):
    site = new_site(tmp_path / "site")
    monkeypatch.chdir(site)
    (site / "sources/first-post.md").write_text("mine\n", encoding="utf-8")
    assert main(["new", "First post!"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "first-post.md exists already" in err
    assert (site / "sources/first-post.md").read_text(encoding="utf-8") == "mine\n"


def test_new_refuses_a_title_without_a_slug(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(new_site(tmp_path / "site"))
    assert main(["new", "?!"]) == 2
    assert "no letter or digit" in capsys.readouterr().err


def test_new_in_a_from_site_names_the_folder_to_use(tmp_path, capsys):
    site = tmp_path / "jekyll"
    shutil.copytree(REPO / "tests/sites/jekyll", site)
    (tmp_path / "config.yaml").write_text("from: jekyll\n", encoding="utf-8")
    assert main(["new", "A post", "--config", str(tmp_path / "config.yaml")]) == 2
    err = capsys.readouterr().err
    assert "jekyll site" in err and "_posts/YYYY-MM-DD-SLUG.md" in err
    assert not list(site.rglob("*a-post*"))


# --- init -----------------------------------------------------------------------


def dotted(schema=SCHEMA, prefix=""):
    for key, rule in schema.items():
        yield prefix + key
        if isinstance(rule, dict):
            yield from dotted(rule, f"{prefix}{key}.")


def test_init_writes_a_site_that_builds(tmp_path):
    folder = tmp_path / "blog"
    done = run(script(), tmp_path, "init", "blog")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "wrote blog/config.yaml",
        "wrote blog/sources/",
        "wrote blog/.gitignore",
        "wrote blog/.github/workflows/feeds.yml",
    ]
    workflow = folder / ".github/workflows/feeds.yml"
    assert workflow.read_bytes() == (REPO / "examples/github-actions.yml").read_bytes()
    assert (folder / ".gitignore").read_text() == ".feedsmith-cache/\n"
    assert list((folder / "sources").iterdir()) == []
    text = (folder / "config.yaml").read_text(encoding="utf-8")
    # every key, commented out but the three required, with its comment
    shown = {m[1] for m in re.finditer(r"(?m)^ *(?:# )?([a-z_]+):", text)}
    assert {name.split(".")[-1] for name in dotted()} <= shown
    assert "# limit: 20" in text and "newest N items per feed" in text
    config = load_config(folder / "config.yaml")
    assert (config.site.title, config.site.url) == ("blog", "https://example.org/")
    # every commented key, uncommented, is a valid config too
    opened = re.sub(r"(?m)^( {0,2})# (?=[a-z_]+:)", r"\1", text)
    settings = yaml.safe_load(opened)
    settings.pop("from"), settings.pop("generator"), settings.pop("from_configs")
    (folder / "all.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    assert load_config(folder / "all.yaml").feeds.limit == 20

    os.chdir(folder)
    try:
        assert main(["new", "Hello", "--tag", "intro"]) == 0
        assert main([]) == 0
    finally:
        os.chdir(REPO)
    assert [tag.term for tag in entries(folder)["Hello"].tags] == ["intro"]


def test_init_refuses_an_existing_config(tmp_path, capsys):
    (tmp_path / "config.yaml").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "config.yaml exists already" in capsys.readouterr().err
    assert (tmp_path / "config.yaml").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


def test_init_from_a_hugo_site(tmp_path, capsys):
    site = tmp_path / "hugo"
    shutil.copytree(REPO / "tests/sites/hugo", site)
    (tmp_path / "feedsconf").mkdir()
    (tmp_path / "feedsconf/.gitignore").write_text("node_modules/", encoding="utf-8")
    assert main(["init", str(tmp_path / "feedsconf"), "--from", str(site)]) == 0
    text = (tmp_path / "feedsconf/config.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^from: \.\./hugo +# a site's folder", text)
    assert re.search(
        r"(?m)^  # title: Lamp & Ledger +# read from \.\./hugo/hugo.toml:3$", text
    )
    assert "#   permalinks.posts: /:year/:month/:slug/" in text
    assert yaml.safe_load(text) == {"from": "../hugo"}
    gitignore = (tmp_path / "feedsconf/.gitignore").read_text()
    assert gitignore == "node_modules/\n.feedsmith-cache/\n"
    workflow = (tmp_path / "feedsconf/.github/workflows/feeds.yml").read_text()
    assert "git add ../hugo/static/feeds\n" in workflow

    capsys.readouterr()
    assert main(["--config", str(tmp_path / "feedsconf/config.yaml")]) == 0
    feed = feedparser.parse((site / "static/feeds/atom.xml").read_bytes())
    assert feed.feed.title == "Lamp & Ledger" and len(feed.entries) > 10


# --- every build option of before still builds ----------------------------------

OPTIONS = [
    [],
    ["--keep-going"],
    ["--wait"],
    ["--jobs", "2"],
    ["--quiet"],
    ["--verbose"],
    ["--keep-going", "--wait", "--jobs", "1", "--quiet", "--verbose"],
]


@pytest.mark.parametrize("options", OPTIONS, ids=" ".join)
def test_build_options_still_build(options, site, capsys, monkeypatch):
    monkeypatch.chdir(site.root)
    site.source("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nBody.\n")
    assert main(options) == 0
    assert capsys.readouterr().out.endswith("wrote 8 of 8 files, 1 article\n")
    assert main(["--check", *options]) == 0
    assert main(["--config", "config.yaml", "--explain"]) == 0
    assert "site.title: Test Site" in capsys.readouterr().out


def test_site_option_still_builds(tmp_path, capsys):
    site = tmp_path / "jekyll"
    shutil.copytree(REPO / "tests/sites/jekyll", site)
    assert main(["--site", str(site), "--quiet"]) == 0
    assert "which jekyll publishes at" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["new", "init"])
def test_every_option_of_the_commands_is_documented(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"], prog="feedsmith")
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", capsys.readouterr().out))
    assert options > {"--help"}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"### `feedsmith {command}`\n", 1)[1].split("\n### ")[0]
    assert sorted(o for o in options - {"--help"} if o not in section) == []
