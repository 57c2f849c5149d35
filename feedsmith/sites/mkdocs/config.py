"""Reading ``mkdocs.yml`` safely, with the file and line of every key.

mkdocs reads its config as YAML 1.1 with Python tags; feedsmith reads it
with PyYAML's safe loader: a tag it has no safe constructor for
(``!!python/name:``, ``!!python/object/apply:``, ``!ENV``) is kept as an
opaque :class:`Tagged` value and never constructed. ``INHERIT:`` files are
merged as mkdocs merges them. :class:`Section` reads one mapping of it (the
top level or a plugin's) as typed values whose errors name file and line.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from feedsmith.errors import ConfigError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
MAX_DEPTH = 100  # lists and mappings inside each other in mkdocs.yml
_BLOG_NAMES = ("blog", "material/blog")
_REFUSED_PLUGINS = ("i18n", "static-i18n")  # they publish each post per language


@dataclass(frozen=True, slots=True)
class Tagged:
    """A value written with a tag feedsmith never runs (``!ENV``,
    ``!!python/name:``): the tag, the plain value under it, and its line."""

    tag: str
    value: Any
    line: int


def _opaque(loader: Any, _suffix: str, node: Node) -> Tagged:
    value: Any
    if isinstance(node, ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tagged(node.tag, value, node.start_mark.line + 1)


class _Loader(_SafeLoader):
    """PyYAML's safe loader (YAML 1.1, as mkdocs reads it) that keeps every
    tag it has no safe constructor for as a :class:`Tagged` value."""


_Loader.add_multi_constructor("", _opaque)


@dataclass(frozen=True, slots=True)
class YamlFile:
    """One YAML file of the site: its settings and the line of each key."""

    path: Path
    data: dict[str, Any]
    lines: Mapping[str, int]  # dotted key (plugins by name) -> line


def load_yaml(path: Path) -> YamlFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    _check_depth(path, text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlFile(path, {}, {})
        _refuse_aliases(path, node)
        lines: dict[str, int] = {}
        _key_lines(node, "", lines)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    except ValueError as exc:  # a timestamp such as 2024-02-30
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return YamlFile(path, data, lines)


def _check_depth(path: Path, text: str) -> None:
    """libyaml crashes the process on lists nested ~100,000 deep."""
    if sum(map(text.count, "[{-:?")) <= MAX_DEPTH:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else 1
                    raise ConfigError(
                        f"{path}:{line}: lists and mappings nested more than "
                        f"{MAX_DEPTH} levels deep"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # composing reports it, with its line


def _refuse_aliases(path: Path, root: Node) -> None:
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise ConfigError(
                f"{path}:{node.start_mark.line + 1}: anchors and aliases "
                "(&name, *name) are not supported; write the value out"
            )
        seen.add(id(node))
        if isinstance(node, MappingNode):
            pending.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)


def _key_lines(node: Node, prefix: str, lines: dict[str, int]) -> None:
    """Each key's line by dotted path; a list's items (``plugins``) add their
    names to the path of the list itself."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                dotted = f"{prefix}{key.value}"
                lines[dotted] = key.start_mark.line + 1  # the last one wins
                _key_lines(value, f"{dotted}.", lines)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            if isinstance(item, ScalarNode):
                lines[f"{prefix}{item.value}"] = item.start_mark.line + 1
            else:
                _key_lines(item, prefix, lines)


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """mkdocs' ``INHERIT``: mappings merge key by key, anything else the
    child writes replaces the parent's."""
    merged = dict(parent)
    for key, value in child.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = _merge(below, value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True, slots=True)
class MkdocsConfig:
    """``mkdocs.yml`` with what it inherits, and where each key was set."""

    data: dict[str, Any]
    files: tuple[YamlFile, ...]  # the site's own first, then what it inherits

    def where(self, dotted: str) -> str:
        for file in self.files:
            if dotted in file.lines:
                return f"{file.path}:{file.lines[dotted]}"
        return f"{self.files[0].path}:1"

    def has(self, dotted: str) -> bool:
        return any(dotted in file.lines for file in self.files)


def load_config(root: Path) -> MkdocsConfig:
    path = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
    if path is None:
        raise ConfigError(f"{root}: no mkdocs.yml")
    files: list[YamlFile] = []
    data: dict[str, Any] = {}
    while path is not None:
        if any(file.path == path for file in files):
            raise ConfigError(f"{path}: INHERIT leads back to this file (a loop)")
        file = load_yaml(path)
        files.append(file)
        own = dict(file.data)
        parent = own.pop("INHERIT", None)
        data = _merge(own, data)
        if parent is None:
            path = None
        elif isinstance(parent, str):
            path = (file.path.parent / parent).resolve()
            if not path.is_file():
                where = f"{file.path}:{file.lines.get('INHERIT', 1)}"
                raise ConfigError(f"{where}: INHERIT: no file {path}")
        else:
            where = f"{file.path}:{file.lines.get('INHERIT', 1)}"
            raise ConfigError(f"{where}: INHERIT: expected a file name")
    return MkdocsConfig(data, tuple(files))


@dataclass(frozen=True, slots=True)
class Section:
    """One mapping of the site's settings (the top level, or a plugin's),
    read as typed values that name their file and line when wrong."""

    site: MkdocsConfig
    prefix: str  # "" or "plugins.blog."
    values: Mapping[str, Any]

    def where(self, name: str) -> str:
        return self.site.where(self.prefix + name)

    def here(self) -> str:
        """Where this section starts (a plugin: the line naming it)."""
        return self.site.where(self.prefix.rstrip("."))

    def origin(self, name: str, default: str) -> str:
        """Where ``name`` is set, or why its value is the default."""
        given = self.site.has(self.prefix + name)
        return self.where(name) if given else default

    def named(self, name: str) -> str:
        """``name`` as the site writes it: ``blog.post_dir`` for a plugin's."""
        return self.prefix.removeprefix("plugins.") + name

    def shown(self, name: str, value: Any) -> tuple[Any, str]:
        """``value`` of ``name`` for ``--explain``, with where it is set or
        that it is mkdocs' default."""
        return value, self.origin(name, f"mkdocs' default ({self.named(name)} unset)")

    def value(self, name: str, default: Any, kind: type) -> Any:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, Tagged):
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: {value.tag} is known "
                "only when mkdocs runs; write the value out"
            )
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: expected "
                f"{_KINDS[kind]}, got {value!r}"
            )
        return value

    def text(self, name: str, default: str) -> str:
        text: str = self.value(name, default, str)
        return text

    def flag(self, name: str, default: bool) -> bool:
        flag: bool = self.value(name, default, bool)
        return flag

    def pattern(self, name: str, default: str, fields: tuple[str, ...]) -> str:
        """A ``str.format`` pattern that names only ``fields``."""
        pattern = self.text(name, default)
        try:
            for _, field, given, conversion in string.Formatter().parse(pattern):
                spec = given or ""
                if field is None:
                    continue
                if field not in fields or conversion not in (None, "s") or "{" in spec:
                    known = ", ".join("{" + f + "}" for f in fields)
                    raise ValueError(
                        f"unknown placeholder {{{field}}}; mkdocs knows {known}"
                    )
                format("", spec)
        except ValueError as exc:
            raise ConfigError(
                f"{self.where(name)}: {self.prefix}{name}: {exc}"
            ) from None
        return pattern


_KINDS = {str: "text", bool: "true or false", int: "a whole number", list: "a list"}


def enabled_plugins(site: MkdocsConfig) -> dict[str, Section]:
    """The enabled blog and rss plugins' settings, and any other plugin's."""
    written = site.data.get("plugins") or []
    if isinstance(written, list):
        pairs = [
            pair
            for item in written
            for pair in (item.items() if isinstance(item, dict) else [(item, None)])
        ]
    elif isinstance(written, dict):
        pairs = list(written.items())
    else:
        raise ConfigError(f"{site.where('plugins')}: plugins: expected a list")
    found: dict[str, Section] = {}
    for name, options in pairs:
        section = Section(site, f"plugins.{name}.", options or {})
        if not isinstance(name, str) or not isinstance(section.values, dict):
            raise ConfigError(
                f"{site.where('plugins')}: plugins: expected names, each with "
                f"its settings, got {name!r}: {options!r}"
            )
        if not section.flag("enabled", True):
            continue
        kind = "blog" if name in _BLOG_NAMES else name
        if kind in _REFUSED_PLUGINS or kind in found:
            raise ConfigError(
                f"{site.where(f'plugins.{name}')}: plugins: {name}: multilingual "
                "blogs and several blogs or feeds are not supported yet"
            )
        found[kind] = section
    if "blog" not in found:
        raise ConfigError(
            f"{site.where('plugins')}: the blog plugin is not enabled (plugins: "
            "- blog): feedsmith takes a mkdocs site's posts from Material's blog; "
            "for another mkdocs site drop from: and set site.*, sources and "
            "permalink in config.yaml"
        )
    return found
