"""What the Eleventy config's calls and settings mean for feedsmith:
folders, path prefix, template formats, drafts, collections, ignores; and
the calls that make a site unreadable statically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites import javascript as js
from feedsmith.sites.eleventy.jsconfig import SiteConfig
from feedsmith.sites.eleventy.pages import joined_path

DEFAULT_FORMATS = ("liquid", "md", "njk", "html", "11ty.js")


@dataclass(frozen=True, slots=True)
class Dirs:
    """Eleventy's folders (``dir``), resolved."""

    input: Path
    output: Path
    includes: Path
    layouts: Path
    data: Path


_DIR_SETTERS = {
    "input": "setInputDirectory", "output": "setOutputDirectory",
    "includes": "setIncludesDirectory", "layouts": "setLayoutsDirectory",
    "data": "setDataDirectory",
}  # fmt: skip


def directories(root: Path, config: SiteConfig) -> Dirs:
    """``dir``, from the exported settings or the ``set*Directory`` calls."""
    written = config.exported.get("dir")
    written = written if isinstance(written, dict) else {}
    found: dict[str, str] = {}
    defaults = {
        "input": ".",
        "output": "_site",
        "includes": "_includes",
        "data": "_data",
    }
    for key, setter in _DIR_SETTERS.items():
        value, line = written.get(key, defaults.get(key)), config.exported_line
        for call in config.named(setter):
            value, line = (call.args[0] if call.args else None), call.line
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigError(
                f"{config.where(config.line_of(key, line))}: dir.{key} is code "
                "feedsmith does not run; write the folder as a literal string"
            )
        found[key] = value
    source = (root / found["input"]).resolve()
    return Dirs(
        input=source,
        output=(root / found["output"]).resolve(),
        includes=(source / found["includes"]).resolve(),
        layouts=(source / found.get("layouts", found["includes"])).resolve(),
        data=(source / found["data"]).resolve(),
    )


def path_prefix(config: SiteConfig) -> str:
    """``pathPrefix`` as a path that begins and ends with ``/``."""
    written = config.exported.get("pathPrefix", "/")
    if not isinstance(written, str):
        line = config.line_of("pathPrefix", config.exported_line)
        raise ConfigError(
            f"{config.where(line)}: pathPrefix is code feedsmith does not run; "
            "write it as a literal string (every link depends on it)"
        )
    return joined_path("/" + written + "/")


def refuse_code(config: SiteConfig) -> None:
    """Calls that change what feedsmith reads or computes, in code."""
    reasons = {
        "addDateParsing": "dates are computed by code; feedsmith reads them only as "
        "written (front matter, file names)",
        "addUrlTransform": "URLs are rewritten by code; the feed's links would differ",
        "addDataExtension": "data files in formats of the config's own",
        "setDataFileSuffixes": "data files under names of the config's own",
        "setDataFileBaseName": "data files under names of the config's own",
    }
    for call in config.named(*reasons):
        raise ConfigError(
            f"{config.where(call.line)}: {call.method}: {reasons[call.method]}, "
            "which feedsmith's Eleventy profile does not follow"
        )
    for call in config.named("setFrontMatterParsingOptions"):
        options = call.args[0] if call.args else None
        if not isinstance(options, dict) or {"language", "delimiters", "engines"} & set(
            options
        ):
            raise ConfigError(
                f"{config.where(call.line)}: setFrontMatterParsingOptions: front "
                "matter of another language or fence, which feedsmith does not read"
            )
    for call in config.named("addGlobalData"):
        key = call.args[0] if call.args else None
        code = _code(call.args[1:])
        if (
            isinstance(key, str)
            and key.startswith("eleventyComputed")
            and "draft" not in code
        ):
            raise ConfigError(
                f"{config.where(call.line)}: addGlobalData({key!r}): computed data "
                "is code feedsmith does not run"
            )


def _code(values: tuple[Any, ...]) -> str:
    return " ".join(v.text for v in values if isinstance(v, js.Unreadable))


def drops_drafts(config: SiteConfig, unread: dict[str, str]) -> bool:
    """Whether the config drops drafts, as the Eleventy documentation's
    preprocessor (or the base blog's computed data) does: a page whose
    ``draft`` is truthy is not built, or not listed."""
    drafts = False
    for call in config.named("addPreprocessor"):
        code = _code(call.args)
        if re.search(r"\.\s*draft\b", code) and "return false" in code:
            drafts = True
        else:
            unread["sources.exclude"] = (
                f"{config.where(call.line)}: addPreprocessor is code feedsmith does "
                "not run, so it cannot tell which pages it leaves out; list them "
                "in sources.exclude (or [] for none)"
            )
    for call in config.named("addGlobalData"):
        key = call.args[0] if call.args else None
        if isinstance(key, str) and key.startswith("eleventyComputed"):
            drafts = drafts or bool(re.search(r"\.\s*draft\b", _code(call.args)))
    return drafts


def collection_of(
    config: SiteConfig, name: str, unread: dict[str, str]
) -> tuple[str, ...]:
    """The pages of collection ``name``: its tag, or the globs of an
    ``addCollection`` feedsmith can read."""
    for call in config.named("addCollection"):
        if not call.args or call.args[0] != name:
            continue
        found = _filtered_by(call.args[1] if len(call.args) > 1 else None)
        if found is not None:
            return found
        unread["sources.include"] = (
            f"{config.where(call.line)}: the collection {name!r} the feed lists is "
            "built by code feedsmith does not run; name its posts with "
            "sources.include"
        )
        return ("any",)
    return ("tag", name)


def _filtered_by(code: Any) -> tuple[str, ...] | None:
    """``api => api.getFilteredByTag("x")`` or ``...ByGlob("a/*.md")``,
    perhaps with ``.reverse()`` or ``.sort()`` after it."""
    if not isinstance(code, js.Unreadable):
        return None
    try:
        tokens = js.tokens(code.text)
    except js.JavaScriptError:
        return None
    found = [t.text for t in tokens]
    text = " ".join(found)
    match = re.fullmatch(
        r"(?:async )?(?:function \w* ?)?(?:\( )?(\w+)(?: \))? (?:=> )?(?:\{ )?"
        r"(?:return )?\1 \. getFilteredBy(Tag|Glob) \( (.+?) \)"
        r"(?: \. (?:reverse|sort) \( \))*(?: ;)?(?: \})?",
        text,
    )
    if not match:
        return None
    start = found.index("(", found.index("getFilteredBy" + match.group(2)))
    try:
        value, _ = js.literal(tokens, start + 1)
    except js.JavaScriptError:
        return None
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) for v in values):
        return None
    if match.group(2) == "Tag":
        return ("tag", values[0]) if len(values) == 1 else None
    return ("glob", *values)


def template_formats(config: SiteConfig) -> tuple[str, ...]:
    """The template formats: ``templateFormats`` or setTemplateFormats."""
    formats: Any = config.exported.get("templateFormats", list(DEFAULT_FORMATS))
    for call in config.named("setTemplateFormats"):
        formats = call.args[0] if call.args else formats
    if isinstance(formats, str):
        formats = formats.split(",")
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ConfigError(
            f"{config.path}: templateFormats is code feedsmith does not run; write "
            "the formats as a literal list"
        )
    for call in config.named("addTemplateFormats"):
        more = call.args[0] if call.args else []
        formats = [*formats, *(more.split(",") if isinstance(more, str) else [])]
    return tuple(f.strip() for f in formats if f.strip())


def permalink_engines(config: SiteConfig) -> dict[str, str]:
    """The template engine that renders the permalinks of ``.md`` and
    ``.html`` files (Liquid unless the config says otherwise)."""
    engines = {}
    for suffix, key, setter in (
        (".md", "markdownTemplateEngine", "setMarkdownTemplateEngine"),
        (".html", "htmlTemplateEngine", "setHtmlTemplateEngine"),
    ):
        value = config.exported.get(key, "liquid")
        for call in config.named(setter):
            value = call.args[0] if call.args else value
        engines[suffix] = value if isinstance(value, str) else "none"
    return engines


def ignored(config: SiteConfig, root: Path, dirs: Dirs) -> tuple[str, ...]:
    """Eleventy's ignores, relative to the project: ``ignores.add`` and
    ``.eleventyignore`` lines."""
    found = [call.args[0] for call in config.named("ignores.add") if call.args]
    for path in (root / ".eleventyignore", dirs.input / ".eleventyignore"):
        if path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            base = path.parent.relative_to(root).as_posix()
            for line in lines:
                line = line.strip()
                if line and not line.startswith("#"):
                    found.append(line if base == "." else f"{base}/{line}")
    return tuple(p.removeprefix("./") for p in found if isinstance(p, str))


def layout_aliases(config: SiteConfig) -> dict[str, str]:
    """``addLayoutAlias(alias, path)`` calls with literal arguments."""
    return {
        call.args[0]: call.args[1]
        for call in config.named("addLayoutAlias")
        if len(call.args) > 1
        and isinstance(call.args[0], str)
        and isinstance(call.args[1], str)
    }


def own_filters(config: SiteConfig) -> tuple[str, ...]:
    """The filters the config defines (a redefined ``slugify`` is code)."""
    calls = config.named("addFilter", "addLiquidFilter", "addNunjucksFilter")
    return tuple(
        sorted({c.args[0] for c in calls if c.args and isinstance(c.args[0], str)})
    )


def passthrough_copies(
    config: SiteConfig, dirs: Dirs, root: Path
) -> list[tuple[Path, str]]:
    """Each folder the config copies as it is: its path, and its path in the
    output (relative, "" for the output's root)."""
    copies: list[tuple[Path, str]] = []
    for call in config.named("addPassthroughCopy"):
        given = call.args[0] if call.args else None
        pairs = (
            list(given.items())
            if isinstance(given, dict)
            else [(given, None)]
            if isinstance(given, str)
            else []
        )
        for source, target in pairs:
            if not isinstance(source, str) or re.search(r"[*?{\[]", source):
                continue
            folder = (root / source).resolve()
            if isinstance(target, str):
                out = target.strip("/").removeprefix("./")
            elif folder.is_relative_to(dirs.input):
                out = folder.relative_to(dirs.input).as_posix()
            else:
                out = Path(source).as_posix().strip("/")
            copies.append((folder, "" if out in ("", ".") else out))
    return copies
