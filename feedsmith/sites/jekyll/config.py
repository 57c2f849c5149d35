"""The site's Jekyll config: ``_config.yml`` (or ``.yaml``, ``.toml``), or
the files ``from_configs:`` names, merged as ``jekyll build --config a,b``
merges them, with the file and line that set each key."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from feedsmith import yamltext
from feedsmith.errors import ConfigError
from feedsmith.sites.jekyll.urls import known_tokens, tokens_of

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """One config file: its settings, and the line of each key (dotted)."""

    path: Path
    data: Mapping[str, Any]
    lines: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The site's settings, its files merged in order, and where each is."""

    files: tuple[ConfigFile, ...]
    data: Mapping[str, Any]

    def spot(self, key: str) -> str | None:
        """``file:line`` of the last file that sets the dotted ``key`` (a
        null there keeps an earlier file's value, as in Jekyll)."""
        for file in reversed(self.files):
            if key in file.lines and _at(file.data, key) is not None:
                return f"{file.path}:{file.lines[key]}"
        return None

    def latest(self, *keys: str) -> str:
        """Where the last file that sets any of ``keys`` sets it (the last
        of them on a tie): the source of a value made of them all."""
        for file in reversed(self.files):
            for key in reversed(keys):
                if key in file.lines and _at(file.data, key) is not None:
                    return f"{file.path}:{file.lines[key]}"
        return self.where(keys[-1])

    def where(self, key: str) -> str:
        """Where ``key`` is set (or written empty), else the first config
        file, for messages."""
        written = [f"{f.path}:{f.lines[key]}" for f in self.files if key in f.lines]
        return self.spot(key) or (written or [f"{self.files[0].path}:1"])[-1]

    def source(self, key: str, tool: str = "Jekyll") -> str:
        """Where ``key`` is set, else that the default of ``tool`` holds,
        for ``--explain``."""
        return self.spot(key) or f"{tool}'s default ({key} unset)"

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where(key)}: {key}: {message}")

    def text(self, key: str, value: Any = None) -> str | None:
        """The setting ``key`` (dotted) as text; None when unset or empty."""
        if value is None:
            value = self.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.error(key, f"expected text, got {value!r}")
        return str(value)

    def get(self, key: str) -> Any:
        value: Any = self.data
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value


def _at(data: Any, key: str) -> Any:
    """The value at the dotted ``key``, through mappings and lists."""
    for part in key.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def load(root: Path, names: Sequence[str] | None = None) -> SiteConfig:
    """The config of the site at ``root``: the files ``names`` (relative to
    it), later ones winning; without, the first of ``CONFIG_NAMES``."""
    if names is None:
        found = [root / name for name in CONFIG_NAMES if (root / name).is_file()]
        if not found:
            raise ConfigError(f"{root}: no _config.yml, _config.yaml or _config.toml")
        paths = found[:1]
    else:
        paths = [root / name for name in names]
        for path in paths:
            if not path.is_file():
                raise ConfigError(
                    f"{path}: no such file; from_configs: names the site's "
                    "config files, relative to the from: folder"
                )
    files = tuple(_read(path) for path in paths)
    data: dict[str, Any] = {}
    for file in files:
        data = deep_merge(data, file.data)
    return SiteConfig(files, data)


def _read(path: Path) -> ConfigFile:
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix == ".toml":
            data: object = tomllib.loads(text)
            lines = _toml_lines(text)
        else:
            data = yamltext.load(text, aliases=False) or {}
            lines = _yaml_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Jekyll config: {exc}") from None
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the Jekyll config: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return ConfigFile(path, data, lines)


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Jekyll's ``Utils.deep_merge_hashes``: ``over`` wins key by key, a
    mapping over a mapping is merged, and a null keeps the value it meets
    (measured for ``--config a,b`` and for front matter over defaults)."""
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if value is None and key in merged:
            continue
        if isinstance(value, dict) and isinstance(old, dict):
            merged[key] = deep_merge(old, value)
        else:
            merged[key] = value
    return merged


def _yaml_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """The line of every key, dotted (``feed.posts_limit``, ``defaults.0``)."""
    found: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            found.setdefault(name, key.start_mark.line + 1)
            found.update(_yaml_lines(value, name + "."))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found[f"{prefix}{index}"] = item.start_mark.line + 1
            found.update(_yaml_lines(item, f"{prefix}{index}."))
    return found


def _toml_lines(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        if header := re.match(r"^\s*\[+\s*([\w.-]+)\s*\]+", line):
            table = header.group(1) + "."
            found.setdefault(header.group(1), number)
        elif key := re.match(r"^\s*([\w-]+)\s*=", line):
            found.setdefault(table + key.group(1), number)
    return found


def check_template(template: str, config: SiteConfig, key: str) -> None:
    """A ConfigError at ``key`` for a permalink token Jekyll does not know."""
    unknown = tokens_of(template)
    if unknown:
        raise config.error(
            key if config.spot(key) else key.rsplit(".", 1)[0],
            f"permalink {template!r}: Jekyll has no :{unknown[0]} token (its "
            f"build stops here); use {known_tokens()}",
        )
