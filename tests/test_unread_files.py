"""Nothing in a source folder is skipped in silence: every file that is not
read is counted, by reason, in the command line's last line, and listed with
``--verbose``."""

from __future__ import annotations

import textwrap

from conftest import NOW, assert_no_traceback, run_cli, run_main

import feedsmith.files
from feedsmith import feeds, load_config, publish
from feedsmith.pipeline.discover import tally

CONFIG = """\
site:
  title: Notes
  url: https://example.org/
  description: Notes from the field
sources:
  folders: [posts]
  exclude: [node_modules/, "*.draft.md"]
"""
POST = "---\ntitle: {title}\ndate: 2024-01-0{day}\n---\nText.\n"
RST = "A title\n=======\n\n:date: 2024-01-03\n\nText.\n"
FILES = {
    "posts/hello.md": POST.format(title="Hello", day=1),
    "posts/second.markdown": POST.format(title="Second", day=2),
    "posts/old.rst": RST,
    "posts/wip.draft.md": POST.format(title="Later", day=4),
    "posts/images/a.png": "png",
    "posts/images/b.png": "png",
    "posts/images/c.PNG": "png",
    "posts/_config.yml": "k: v\n",
    "posts/notes.adoc": "= AsciiDoc\n",
    "posts/Makefile": "all:\n",
    "posts/.DS_Store": "x",
    "posts/node_modules/pkg/index.js": "x",
    "posts/node_modules/pkg/README.md": "x",
}
TALLY = (
    "skipped: 3 .png (not an article format), "
    "2 without extension (not an article format), 1 .adoc (not an article format), "
    "1 .yml (not an article format), 1 excluded, 1 excluded folder"
)


def lay_out(root):
    (root / "config.yaml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_last_line_counts_what_was_not_read(tmp_path):
    lay_out(tmp_path)
    first = run_cli(tmp_path)
    assert_no_traceback(first)
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"wrote 8 of 8 files, 3 articles; {TALLY}\n"
    again = run_main(tmp_path)
    assert again.stdout == f"wrote 0 of 8 files, 3 articles; {TALLY}\n"
    (tmp_path / "posts/images/d.png").write_text("png", encoding="utf-8")
    walked = run_main(tmp_path)
    assert "4 .png (not an article format)" in walked.stdout


def test_verbose_lists_each_one(tmp_path):
    lay_out(tmp_path)
    result = run_main(tmp_path, "--verbose")
    assert result.returncode == 0, result.stderr
    *listed, last = result.stdout.splitlines()
    assert listed == [
        "posts/.DS_Store: skipped: not an article format",
        "posts/Makefile: skipped: not an article format",
        "posts/_config.yml: skipped: not an article format",
        "posts/images/a.png: skipped: not an article format",
        "posts/images/b.png: skipped: not an article format",
        "posts/images/c.PNG: skipped: not an article format",
        "posts/node_modules/: skipped: excluded folder",
        "posts/notes.adoc: skipped: not an article format",
        "posts/wip.draft.md: skipped: excluded",
    ]
    assert last.endswith(TALLY)
    assert run_main(tmp_path, "--check", "--verbose").stdout.splitlines()[:-1] == listed


def test_the_pipeline_and_the_engine_agree(tmp_path, monkeypatch):
    # Folders changed within RACY of a walk are always walked again; tests
    # run faster than that, so the rule is switched off here.
    monkeypatch.setattr(feedsmith.files, "RACY", 0)
    lay_out(tmp_path)
    config = load_config(tmp_path / "config.yaml")
    unread = feeds(config, NOW).unread
    assert (
        ", ".join(f"{n} {why}" for n, why in tally(unread)) == TALLY.split(": ", 1)[1]
    )
    walked = publish(config, NOW)
    reused = publish(config, NOW)
    assert (walked.walked > 0, reused.walked) == (True, 0)  # the cached walk
    assert walked.unread == reused.unread == unread


def test_files_outside_sources_include_are_counted(tmp_path):
    lay_out(tmp_path)
    config = (tmp_path / "config.yaml").read_text(encoding="utf-8")
    config += "  include: [hello.md]\n"
    (tmp_path / "config.yaml").write_text(config, encoding="utf-8")
    result = run_main(tmp_path)
    assert result.stdout.startswith("wrote 8 of 8 files, 1 article; skipped: ")
    assert "2 not in sources.include" in result.stdout


def test_a_tidy_folder_says_nothing_more(tmp_path):
    (tmp_path / "config.yaml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts/hello.md").write_text(POST.format(title="Hi", day=1))
    assert run_main(tmp_path).stdout == "wrote 8 of 8 files, 1 article\n"
