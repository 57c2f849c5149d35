"""Docs are code: what the README's "Guarantees" section names must exist."""

from __future__ import annotations

import ast
import re

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
GUARANTEES = README.split("## Guarantees\n", 1)[1].split("\n## ", 1)[0]
NAMED = re.compile(r"`((?:tests/)?test_\w+\.py)(?:::(test_\w+))?`")


def test_guarantees_name_tests_that_exist():
    named = NAMED.findall(GUARANTEES)
    assert len(named) > 30  # the section names its tests; this finds them
    for file, function in named:
        path = REPO / "tests" / file.removeprefix("tests/")
        assert path.is_file(), f"the README names {file}, which does not exist"
        if function:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
            assert function in defined, f"the README names {file}::{function}"


def test_the_ci_workflows_shown_are_the_files_in_examples():
    """The README embeds each example after a marker naming its file."""
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        marker = f"<!-- examples/{name} -->\n```yaml\n"
        assert marker in README, f"the README does not show examples/{name}"
        shown = README.split(marker, 1)[1].split("```\n", 1)[0]
        assert shown == (REPO / "examples" / name).read_text(encoding="utf-8")
