"""The Eleventy config file, read statically: the calls it makes on
``eleventyConfig`` (with literal arguments, or js.Unreadable code), the
names it imports, and the settings object it exports or returns."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites import javascript as js

CONFIG_NAMES = (
    ".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Call:
    """``eleventyConfig.<method>(<args>)`` at a line of the config."""

    method: str
    args: tuple[Any, ...]  # literal values, or js.Unreadable for code
    line: int


@dataclass(slots=True)
class SiteConfig:
    """What the config file says, as far as it is plain."""

    path: Path | None
    text: str = ""
    calls: list[_Call] = field(default_factory=list)
    exported: dict[str, Any] = field(default_factory=dict)
    exported_line: int = 1
    imports: dict[str, str] = field(default_factory=dict)  # name -> module#export

    def where(self, line: int) -> str:
        return f"{self.path}:{line}" if self.path else "(no Eleventy config)"

    def line_of(self, key: str, after: int = 1) -> int:
        """The first line from ``after`` on where ``key:`` is written."""
        pattern = re.compile(rf"""(?:^|[{{,\s])["']?{re.escape(key)}["']?\s*:""")
        for number, text in enumerate(self.text.splitlines(), 1):
            if number >= after and pattern.search(text):
                return number
        return after

    def named(self, *methods: str) -> Iterator[_Call]:
        return (call for call in self.calls if call.method in methods)


_METHODS = (
    "addPassthroughCopy", "addPlugin", "addPreprocessor", "addCollection",
    "addGlobalData", "addLayoutAlias", "addDateParsing", "addUrlTransform",
    "addFilter", "addLiquidFilter", "addNunjucksFilter", "setTemplateFormats",
    "addTemplateFormats", "setInputDirectory", "setOutputDirectory",
    "setIncludesDirectory", "setLayoutsDirectory", "setDataDirectory",
    "setUseGitIgnore", "setFrontMatterParsingOptions", "setDataFileSuffixes",
    "setDataFileBaseName", "addDataExtension", "setDynamicPermalinks",
    "setMarkdownTemplateEngine", "setHtmlTemplateEngine", "add",
)  # fmt: skip


def read_config(root: Path) -> SiteConfig:
    """The site's config file (the first of ``CONFIG_NAMES``), read
    statically; an empty one when the site has none."""
    path = next((root / n for n in CONFIG_NAMES if (root / n).is_file()), None)
    if path is None:
        return SiteConfig(None)
    try:
        text = path.read_text(encoding="utf-8-sig")
        found = js.tokens(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the Eleventy config: {exc}") from None
    except js.JavaScriptError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    config = SiteConfig(path, text)
    try:
        _scan(config, found)
    except js.JavaScriptError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None
    return config


def _scan(config: SiteConfig, found: list[js.Token]) -> None:
    """The calls, imports and exported settings object of the config."""
    for at, token in enumerate(found):
        text = token.text
        if text == "import" and token.kind == "name":
            _import(config, found, at)
        elif text == "require" and _text(found, at + 1) == "(":
            _require(config, found, at)
        elif (
            token.kind == "name"
            and text in _METHODS
            and _text(found, at - 1) == "."
            and _text(found, at + 1) == "("
            and (text != "add" or _text(found, at - 2) == "ignores")
        ):
            method = "ignores.add" if text == "add" else text
            config.calls.append(_Call(method, _arguments(found, at + 1), token.line))
        elif text == "{" and _exports_config(found, at):
            value, _ = js.literal(found, at, lenient=True)
            if isinstance(value, dict):
                config.exported = value
                config.exported_line = token.line


def _text(found: list[js.Token], at: int) -> str:
    return found[at].text if 0 <= at < len(found) else ""


def _exports_config(found: list[js.Token], at: int) -> bool:
    """Whether the ``{`` at ``at`` opens the config's settings object:
    ``export const config = {``, ``module.exports.config = {``, or a
    returned or exported object holding ``dir`` or ``pathPrefix``."""
    if [_text(found, at - 2), _text(found, at - 1)] == ["config", "="]:
        return True
    if _text(found, at - 1) in ("return", "=", "default"):
        end = js.closing(found, at)
        keys = {
            found[i].text
            for i in range(at + 1, end)
            if _text(found, i + 1) == ":" and _text(found, i - 1) in ("{", ",")
        }
        return bool(keys & {"dir", "pathPrefix", "templateFormats"})
    return False


def _arguments(found: list[js.Token], opening: int) -> tuple[Any, ...]:
    end = js.closing(found, opening)
    values: list[Any] = []
    at = opening + 1
    while at < end:
        stop = min(js.skip_expression(found, at), end)
        try:
            value, after = js.literal(found, at, lenient=True)
            if after != stop:
                raise js.JavaScriptError(found[at].line, "code")
        except js.JavaScriptError:
            words = " ".join(t.text for t in found[at:stop])
            value = js.Unreadable(found[at].line, words)
        values.append(value)
        at = stop + 1
    return tuple(values)


def _import(config: SiteConfig, found: list[js.Token], at: int) -> None:
    """``import a, { b as c } from "module"``: each local name's origin."""
    end = at + 1
    while end < len(found) and found[end].kind != "string" and found[end].text != ";":
        end += 1
    if end >= len(found) or found[end].kind != "string":
        return
    module = found[end].value
    names = [t.text for t in found[at + 1 : end] if t.text not in ("from", "type")]
    exported = "default"
    for index, name in enumerate(names):
        if name == "*":
            exported = "*"
        elif name == "{":
            exported = ""
        elif name in ("}", ",", "as"):
            continue
        elif index > 0 and names[index - 1] == "as":
            config.imports[name] = f"{module}#{exported or names[index - 2]}"
        elif _next(names, index) != "as":
            config.imports[name] = f"{module}#{exported or name}"


def _next(names: list[str], index: int) -> str:
    return names[index + 1] if index + 1 < len(names) else ""


def _require(config: SiteConfig, found: list[js.Token], at: int) -> None:
    """``const x = require("m")`` and ``const { a, b: c } = require("m")``."""
    module_token = found[at + 2] if at + 2 < len(found) else None
    if module_token is None or module_token.kind != "string":
        return
    module = module_token.value
    if _text(found, at - 1) != "=":
        return
    if _text(found, at - 2) == "}":
        start = at - 2
        while start > 0 and found[start].text != "{":
            start -= 1
        names = [t.text for t in found[start + 1 : at - 2]]
        for index, name in enumerate(names):
            if name in (",", ":"):
                continue
            if _next(names, index) == ":":
                continue
            exported = (
                names[index - 2] if index > 1 and names[index - 1] == ":" else name
            )
            config.imports[name] = f"{module}#{exported}"
    elif found[at - 2].kind == "name":
        config.imports[found[at - 2].text] = f"{module}#default"
