"""The site's settings (``publishconf.py``, else ``pelicanconf.py``), read
with :mod:`ast` and never run, each with the file and line that set it.

Only literal assignments count; ``from pelicanconf import *`` (or any module
file beside the settings) means "that file's values, here", so what follows
it wins. A setting assigned by code (a call, an f-string, ``+=``, inside an
``if``) is kept as computed: an error only where feedsmith needs its value.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites import Unreadable

CONFIG_NAMES = ("publishconf.py", "pelicanconf.py")  # the first found publishes


@dataclass(frozen=True, slots=True)
class Setting:
    value: Any
    where: str  # "/site/publishconf.py:8"
    computed: str = ""  # what the value is when it is no literal


_KINDS = {
    ast.Call: "a call",
    ast.JoinedStr: "an f-string",
    ast.Name: "a name",
    ast.Attribute: "an attribute",
    ast.BinOp: "an expression",
    ast.BoolOp: "an expression",
    ast.Subscript: "a subscript",
    ast.IfExp: "a conditional",
    ast.ListComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.Lambda: "a function",
}


def _describe(node: ast.expr) -> str:
    shown = ast.unparse(node)
    shown = shown if len(shown) <= 50 else shown[:47] + "..."
    return f"{_KINDS.get(type(node), 'not a literal')} ({shown})"


def _stored_names(node: ast.AST, path: Path) -> list[str]:
    """The upper-case names a statement sets, at any depth; a ``from ...
    import *`` inside it could set any, and is refused."""
    names = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
            names.append(inner.id)
        elif isinstance(inner, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            names.append(inner.name)
        elif isinstance(inner, ast.alias):
            if inner.name == "*":
                raise ConfigError(
                    f"{path}:{inner.lineno}: import * inside "
                    f"{type(node).__name__.lower()!r} code: feedsmith cannot see "
                    "what it sets; write the settings it needs as literals"
                )
            names.append(inner.asname or inner.name.split(".")[0])
    return [name for name in names if name.isupper()]


def _load(path: Path, root: Path, reading: tuple[Path, ...] = ()) -> dict[str, Setting]:
    """The settings ``path`` sets, as Pelican would take them (upper-case
    module names), each a literal or marked as computed."""
    if path in reading:
        raise ConfigError(f"{path}: imports itself (through {reading[-1].name})")
    try:
        text = path.read_text(encoding="utf-8-sig")
        tree = ast.parse(text, filename=str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Pelican settings: {exc}") from None
    except SyntaxError as exc:
        raise ConfigError(
            f"{path}:{exc.lineno or 1}: cannot read the Pelican settings: {exc.msg}"
        ) from None
    settings: dict[str, Setting] = {}
    for node in tree.body:
        where = f"{path}:{node.lineno}"
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                _assign(settings, target, node.value, where, path)
        elif isinstance(node, ast.ImportFrom):
            settings.update(_imported(node, path, root, (*reading, path), where))
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    settings.pop(target.id, None)
        elif isinstance(node, ast.AugAssign):
            for name in _stored_names(node.target, path):
                settings[name] = Setting(None, where, "changed by " + ast.unparse(node))
        elif not isinstance(node, ast.Import | ast.Expr | ast.Pass):
            kind = type(node).__name__.lower().removeprefix("async")
            for name in _stored_names(node, path):
                settings[name] = Setting(None, where, f"set inside {kind!r} code")
    return settings


def _assign(
    settings: dict[str, Setting],
    target: ast.expr,
    value: ast.expr,
    where: str,
    path: Path,
) -> None:
    if isinstance(target, ast.Name):
        if target.id.isupper():
            try:
                settings[target.id] = Setting(ast.literal_eval(value), where)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                settings[target.id] = Setting(None, where, _describe(value))
        return
    for name in _stored_names(target, path):
        settings[name] = Setting(None, where, "unpacked from " + _describe(value))


def _imported(
    node: ast.ImportFrom,
    path: Path,
    root: Path,
    reading: tuple[Path, ...],
    where: str,
) -> dict[str, Setting]:
    """``from pelicanconf import *`` (or any module file beside the settings):
    that file's settings, read the same way."""
    module = root / f"{node.module}.py" if node.module and not node.level else None
    if module is None or "." in (node.module or "") or not module.is_file():
        names = [a.asname or a.name for a in node.names]
        if "*" in names:
            raise ConfigError(
                f"{where}: from {node.module} import *: feedsmith cannot see what "
                "it sets; import only from settings files beside this one"
            )
        return {
            name: Setting(None, where, f"imported from {node.module}")
            for name in names
            if name.isupper()
        }
    found = _load(module, root, reading)
    if any(alias.name == "*" for alias in node.names):
        return found
    return {
        alias.asname or alias.name: found[alias.name]
        for alias in node.names
        if alias.name in found and (alias.asname or alias.name).isupper()
    }


class Settings:
    """The site's settings, with what Pelican assumes for those unset."""

    def __init__(self, root: Path) -> None:
        found = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
        if not found:
            raise ConfigError(f"{root}: no pelicanconf.py or publishconf.py")
        self.file = found[0]
        self.values = _load(self.file, root)

    def where(self, name: str) -> str:
        found = self.values.get(name)
        return found.where if found else f"Pelican's default ({name} unset)"

    def computed(self, name: str, instead: str) -> str:
        """The error for ``name`` set by code rather than a literal."""
        found = self.values[name]
        return (
            f"{found.where}: {name}: {found.computed}; feedsmith never runs the "
            f"site's settings, so {instead}"
        )

    def rule(self, name: str, default: Any, *types: type) -> Any:
        """A setting the rules need: a literal of ``types``, or an error."""
        found = self.values.get(name)
        if found is None:
            return default
        if found.computed:
            raise ConfigError(self.computed(name, "write it as a literal"))
        if types and not isinstance(found.value, types):
            expected = " or ".join(
                "None" if t is type(None) else t.__name__ for t in types
            )
            raise ConfigError(
                f"{found.where}: {name}: expected {expected}, got {found.value!r}"
            )
        return found.value

    def site(self, name: str, key: str, default: Any, *types: type) -> Any:
        """A setting a config.yaml key can replace: its literal value, or
        ``Unreadable`` naming the file, the line and that key."""
        found = self.values.get(name)
        if found is not None and found.computed:
            return Unreadable(self.computed(name, f"set {key} in config.yaml instead"))
        value = default if found is None else found.value
        if types and not isinstance(value, types):
            return Unreadable(
                f"{self.where(name)}: {name}: expected {types[0].__name__}, got "
                f"{value!r}; set {key} in config.yaml instead"
            )
        return value

    def value(self, name: str, default: Any) -> Any:
        """The setting's literal value; ``default`` when it is unset, None
        or computed (for settings whose problems are told elsewhere)."""
        found = self.values.get(name)
        return default if found is None or found.value is None else found.value

    def texts(self, name: str, default: list[str]) -> tuple[str, ...]:
        value = self.rule(name, default, list, tuple)
        if not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{self.where(name)}: {name}: expected a list of paths")
        return tuple(value)
