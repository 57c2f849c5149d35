"""The package's layers import only downwards: the pipeline never reaches
into the engine, the readers and renderers never into the pipeline, and
the small value modules into nothing of feedsmith's above them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "feedsmith"

# Lowest first. A module may import its own layer and those below it.
LAYERS = [
    {"version", "errors", "model", "files", "dates", "yamltext"},
    {"render"},
    {"sites"},
    {"config_values", "config_feeds", "locations", "config"},
    {"readers"},
    {"pipeline"},
    {"engine"},
    {"cli", "commands", "serve", "snippet", "websub", "__main__", "__init__"},
]


def layer_of(module: str) -> int:
    """``feedsmith.pipeline.select`` is in the layer of ``pipeline``."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    for number, members in enumerate(LAYERS):
        if name in members:
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1 and parts[:-1] != ["feedsmith"]:
        parts.pop()
    return ".".join(parts)


def imported(path: Path, module: str) -> set[str]:
    """Every feedsmith module ``path`` imports, type-checking imports too."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{module}: feedsmith imports absolutely"
            base = node.module or ""
            for alias in node.names:
                names.add(f"{base}.{alias.name}" if base == "feedsmith" else base)
    return {name for name in names if name.startswith("feedsmith")}


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downwards(path):
    module = module_name(path)
    own = layer_of(module)
    upward = sorted(
        name
        for name in imported(path, module)
        if name != "feedsmith" and layer_of(name) > own
    )
    assert not upward, f"{module} (layer {own}) imports from above: {upward}"


def test_the_pipeline_shares_no_code_with_the_engine():
    """The reference the engine is tested against must not run the engine's code."""
    for path in sorted((PACKAGE / "pipeline").rglob("*.py")):
        module = module_name(path)
        assert not {
            n for n in imported(path, module) if n.startswith("feedsmith.engine")
        }


def test_every_module_is_in_a_layer():
    for path in MODULES:
        layer_of(module_name(path))


def test_the_check_catches_an_upward_import(tmp_path):
    """A module of the bottom layer importing the engine is caught."""
    bad = tmp_path / "model.py"
    bad.write_text("from feedsmith.engine.cache import Cache\n", encoding="utf-8")
    names = imported(bad, "feedsmith.model")
    assert names == {"feedsmith.engine.cache"}
    assert layer_of("feedsmith.engine.cache") > layer_of("feedsmith.model")
