"""Docs are code: what the README's "Guarantees" section names must exist,
and its configuration reference must be the schema's."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

import yaml
from conftest import REPO

from feedsmith import load_config
from feedsmith.config import REQUIRED, SCHEMA, Key, Schema

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


# --- the configuration reference, checked against feedsmith.config.SCHEMA ---

CONFIGURATION = README.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```yaml\n(.*?)```", CONFIGURATION, re.DOTALL)
KEY_LINE = re.compile(r"( *)([a-z_]+):(.*)")
# A default is stated as "default X" at the start of a comment or after "; ":
# X is "as shown" (the value on that line), "none" (unset or empty), a size
# in MB, or one YAML word.
STATED = re.compile(r"(?:^|; )default:? (as shown|none|\d+ MB|[^\s;,:]+)")
# Defaults computed from other keys, stated in words; the schema's is None.
DERIVED = {"feeds.url": "default: site.url + output folder's name + /"}


@dataclass
class Documented:
    value: object  # as shown in the README
    comment: str = ""  # its comment, continuation lines joined


def documented() -> dict[str, Documented]:
    """Every key the README's configuration blocks show, by dotted name."""
    keys: dict[str, Documented] = {}
    for block in BLOCKS:
        path: list[tuple[int, str]] = []  # (indent, key) of the enclosing keys
        name = ""
        for line in block.splitlines():
            match = KEY_LINE.fullmatch(line)
            if match is None:  # a comment carried over from the key above
                assert line.lstrip().startswith("#") and name, line
                keys[name].comment += " " + line.lstrip()[1:].strip()
                continue
            indent, key, rest = len(match[1]), match[2], match[3]
            path = [(i, k) for i, k in path if i < indent] + [(indent, key)]
            name = ".".join(k for _, k in path)
            value, _, comment = rest.partition(" #")
            shown = yaml.safe_load(f"{key}:{value}")[key]
            keys.setdefault(name, Documented(shown)).comment += comment.strip()
    return keys


def schema_keys(schema: Schema = SCHEMA, prefix: str = "") -> dict[str, object]:
    """Every key and section of the schema, by dotted name."""
    keys: dict[str, object] = {}
    for key, rule in schema.items():
        keys[prefix + key] = rule
        if isinstance(rule, dict):
            keys.update(schema_keys(rule, f"{prefix}{key}."))
    return keys


def test_every_key_the_readme_documents_is_in_the_schema():
    unknown = set(documented()) - set(schema_keys())
    assert not unknown, f"the README documents keys feedsmith does not read: {unknown}"


def test_every_key_of_the_schema_is_documented_in_the_readme():
    missing = set(schema_keys()) - set(documented())
    assert not missing, f"keys missing from the README's configuration: {missing}"


def test_the_readme_states_each_default_the_schema_has():
    """Required keys say so; a stated default is the schema's; a key whose
    default the README leaves unstated has none (it is unset or empty)."""
    docs = documented()
    for name, rule in schema_keys().items():
        if not isinstance(rule, Key):
            continue
        comment = docs[name].comment
        assert ("required" in comment) == (rule.default is REQUIRED), name
        if name in DERIVED:
            assert DERIVED[name] in comment and rule.default is None, name
            continue
        stated = STATED.search(comment)
        if rule.default is REQUIRED or stated is None:
            assert rule.default in (REQUIRED, None, [], {}), f"{name}: no default"
        elif stated[1] == "none":
            assert rule.default in (None, [], {}), name
        elif stated[1] == "as shown":
            assert rule.default == docs[name].value, name
        elif stated[1].endswith(" MB"):
            assert rule.default == int(stated[1].removesuffix(" MB")) * 10**6, name
        else:
            assert rule.default == yaml.safe_load(stated[1]), name


def test_the_readme_configuration_is_a_valid_config(tmp_path):
    """Its examples load, the full ``sources`` mapping in place of the short one."""
    settings = yaml.safe_load(BLOCKS[0])
    for block in BLOCKS[1:]:
        settings.update(yaml.safe_load(block))
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    config = load_config(tmp_path / "config.yaml")
    assert config.sources.folders == (tmp_path / "content/posts", tmp_path / "notes")
    assert config.text.title_cleanup.sub("", "Rockfall | The Gazette") == "Rockfall"


def test_the_sample_config_uses_only_keys_of_the_schema():
    def names(settings: dict, prefix: str = "") -> set[str]:
        found = set()
        for key, value in settings.items():
            found.add(prefix + key)
            if isinstance(value, dict) and isinstance(SCHEMA.get(key), dict):
                found |= names(value, f"{prefix}{key}.")
        return found

    sample = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    assert names(sample) - set(schema_keys()) == set()
    assert "sources" in names(sample) and "feeds.limit" in names(sample)


def test_the_python_example_runs_as_shown(tmp_path):
    """The README's library example, run on a copy of the sample site: it
    publishes every feed, and the second time reuses them all."""
    block = README.split("### From Python\n\n```python\n", 1)[1].split("```\n", 1)[0]
    shutil.copy(REPO / "config.yaml", tmp_path)
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    run = [sys.executable, "-c", block]
    first = subprocess.run(
        run, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    again = subprocess.run(
        run, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    feeds = len(list((REPO / "feeds").rglob("*.*")))
    written, parsed, rendered, reused = map(int, first.stdout.split())
    assert (written, reused) == (feeds, 0) and parsed > 0 and rendered > 0
    assert list(map(int, again.stdout.split())) == [0, 0, 0, feeds]
