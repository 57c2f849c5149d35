"""``feedsmith init`` starts a site; ``feedsmith new`` adds an article to one.

Neither keeps a text of its own. ``init`` writes the README's configuration
block (every key, its default and its comment, checked against the schema by
``tests/test_readme.py``) and the README's GitHub Actions workflow (kept
equal to ``examples/github-actions.yml`` by the same tests). The README is
read beside the package in a checkout, else from the installed
distribution's metadata, which carries it as the long description.

Both raise :class:`~feedsmith.errors.ConfigError` for what the user must
change (an existing file, a title with nothing to make a slug of); the CLI
shows it and exits 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from feedsmith.config import (
    REQUIRED,
    SCHEMA,
    Config,
    Key,
    Origin,
    load_config,
    load_site,
)
from feedsmith.errors import ConfigError
from feedsmith.pipeline.metadata import tag_slug
from feedsmith.version import __version__

CONFIG_NAME = "config.yaml"
WORKFLOW = Path(".github/workflows/feeds.yml")  # where the workflow says to save it
GITIGNORE = ".feedsmith-cache/"  # the default cache folder
FORMATS = ("md", "txt")

# Where each generator keeps its posts and how it names them, for the message
# that refuses to write into a from: site.
_POSTS_OF = {
    "hugo": "content/posts/SLUG.md (hugo new content posts/SLUG.md)",
    "jekyll": "_posts/YYYY-MM-DD-SLUG.md",
    "zola": "content/blog/SLUG.md (a section of content/)",
    "pelican": "content/SLUG.md (or a folder of ARTICLE_PATHS)",
    "mkdocs": "docs/blog/posts/SLUG.md",
    "eleventy": "the posts folder of its input directory, as SLUG.md",
}


# --- feedsmith new ----------------------------------------------------------


def new_article(
    config: Config, title: str, tags: list[str], form: str, now: datetime
) -> Path:
    """Write an article titled ``title``, dated ``now`` in the site's time
    zone, into the site's first source folder; return its path."""
    if config.profile is not None:
        generator = config.profile.generator
        raise ConfigError(
            f"feedsmith new writes no post into a {generator} site (from:), whose "
            f"posts {generator} names and places: write it in "
            f"{config.sources.folders[0]}, as {_POSTS_OF.get(generator, 'its posts')}"
        )
    title = " ".join(title.split())
    slug = tag_slug(unicodedata.normalize("NFC", title))
    if not slug:
        raise ConfigError(f"title {title!r} holds no letter or digit to make a slug of")
    if form == "txt" and any("," in tag for tag in tags):
        raise ConfigError("a plain-text article's tags cannot hold a comma")
    local = now.astimezone(config.site.timezone).replace(microsecond=0)
    text = _markdown(title, tags, local) if form == "md" else _text(title, tags, local)
    folder = config.sources.folders[0]
    path = folder / f"{slug}.{form}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        raise ConfigError(f"{path} exists already; choose another title") from None
    return path


def _markdown(title: str, tags: list[str], local: datetime) -> str:
    matter: dict[str, Any] = {"title": title, "date": local.isoformat()}
    if tags:
        matter["tags"] = tags
    shown = yaml.safe_dump(
        matter, allow_unicode=True, sort_keys=False, default_flow_style=None
    )
    # The date unquoted, as people write it (YAML reads it as a timestamp).
    shown = shown.replace(f"'{local.isoformat()}'", local.isoformat())
    return f"---\n{shown}---\n\n"


def _text(title: str, tags: list[str], local: datetime) -> str:
    """The plain-text article shape: title, date line, tags line, blank, body.
    The date has no offset: the reader takes it in ``site.timezone``."""
    lines = [title, local.strftime("%Y-%m-%d %H:%M")]
    if tags:
        lines.append("Tags: " + ", ".join(tags))
    return "\n".join(lines) + "\n\n"


# --- feedsmith init ---------------------------------------------------------


def init(folder: Path, site: str | None) -> list[Path]:
    """Start a site in ``folder``: ``config.yaml`` (``from: site`` with the
    values read from it shown), ``sources/``, ``.gitignore`` lines and the CI
    workflow. Return the paths written; refuse an existing config."""
    config_path = folder / CONFIG_NAME
    if config_path.exists():
        raise ConfigError(f"{config_path} exists already; feedsmith init leaves it")
    readme = _readme()
    if site is None:
        text, output = _fresh_config(readme, folder), "feeds"
    else:
        text, output = _site_config(readme, folder, Path(site))
    folder.mkdir(parents=True, exist_ok=True)
    written = [config_path]
    with config_path.open("x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    if site is None:
        (folder / "sources").mkdir(exist_ok=True)
        written.append(folder / "sources")
    if _add_line(folder / ".gitignore", GITIGNORE):
        written.append(folder / ".gitignore")
    workflow = folder / WORKFLOW
    if not workflow.exists():
        workflow.parent.mkdir(parents=True, exist_ok=True)
        shown = _workflow(readme)
        if output != "feeds":  # the one line that names the output folder
            shown = shown.replace("git add feeds\n", f"git add {output}\n")
        workflow.write_text(shown, encoding="utf-8", newline="\n")
        written.append(workflow)
    return written


def _add_line(path: Path, line: str) -> bool:
    """Append ``line`` to the file unless it holds it already."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in old.splitlines():
        return False
    joiner = "" if not old or old.endswith("\n") else "\n"
    path.write_text(f"{old}{joiner}{line}\n", encoding="utf-8", newline="\n")
    return True


def _readme() -> str:
    """The README: beside the package in a checkout, else as installed."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "README.md").is_file():
        return (checkout / "README.md").read_text(encoding="utf-8")
    shipped = metadata.metadata("feedsmith")
    return str(shipped.get_payload() or shipped.get("Description", ""))  # type: ignore[attr-defined]


def _workflow(readme: str) -> str:
    marker = "<!-- examples/github-actions.yml -->\n```yaml\n"
    return readme.split(marker, 1)[1].split("```\n", 1)[0]


def _blocks(readme: str) -> tuple[list[str], list[str]]:
    """The configuration block, and the full ``sources`` mapping's."""
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    return blocks[0].splitlines(), blocks[1].splitlines()


_KEY_LINE = re.compile(r"( *)([a-z_]+):(.*)")


def _entries(readme: str) -> Iterator[tuple[str, int, str, str, list[str]]]:
    """Each key of the README's configuration: dotted name, indent, value as
    written, comment (``# …``), and its comment lines carried over. The
    ``sources: sources`` shorthand is given as the full mapping."""
    main, sources = _blocks(readme)
    at = next(i for i, line in enumerate(main) if line.startswith("sources:"))
    lines = main[:at] + sources + main[at + 1 :]
    path: list[tuple[int, str]] = []
    for number, line in enumerate(lines):
        match = _KEY_LINE.fullmatch(line)
        if match is None:
            continue
        indent, key, rest = len(match[1]), match[2], match[3]
        path = [(i, k) for i, k in path if i < indent] + [(indent, key)]
        value, hash_, comment = rest.partition(" #")
        comment = f"#{comment}" if hash_ else ""
        carried = []
        for after in lines[number + 1 :]:
            if _KEY_LINE.fullmatch(after):
                break
            carried.append(after)
        yield ".".join(k for _, k in path), indent, value.strip(), comment, carried


def _rule(name: str) -> Key | dict[str, Any]:
    rule: Any = SCHEMA
    for part in name.split("."):
        rule = rule[part]
    return rule


def _fresh_config(readme: str, folder: Path) -> str:
    """The README's configuration with the three required keys set to
    placeholders and every other key commented out, at its default."""
    name = folder.resolve().name or "site"
    given = {
        "site.title": name,
        "site.url": "https://example.org/",
        "site.description": f"The articles of {name}",
    }
    head = [
        "# feedsmith's configuration: set site.title, site.url and site.description;",
        "# every other key is shown commented out, at its default (feedsmith --explain",
        "# prints what each is set to). See the README's Configuration section.",
    ]
    values = {"feeds.url": "https://example.org/feeds/"}
    return _config(readme, head, given, values, {})


def _site_config(readme: str, folder: Path, site: Path) -> tuple[str, str]:
    """``from: site`` and every value read from the site, commented out,
    with where it was read, as ``feedsmith --explain`` shows them."""
    config = load_site(site)
    base = folder.resolve()
    where = os.path.relpath(site.resolve(), base)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for origin in config.origins:
        if origin.key == "permalink":  # "none, hugo places each article"
            sources[origin.key], values[origin.key] = origin.value, None
        elif origin.key != "from":
            values[origin.key] = _relative_value(origin, base)
            if origin.source != "default":
                sources[origin.key] = _relative_source(origin.source, base)
    output = os.path.relpath(config.output, base)
    values["output"] = output
    generator = config.profile.generator if config.profile else "site"
    head = [
        f"# feedsmith's configuration for the {generator} site in {where}: every key",
        "# is read from the site's own config or has its default. The values read",
        "# now are shown commented out, with where each was read (feedsmith",
        "# --explain prints the same); uncomment a key to override the site's value.",
    ]
    text = _config(readme, head, {"from": where}, values, sources)
    if config.profile is not None:
        text += f"\n# {generator}'s own settings that place each article:\n"
        for key, (value, source) in config.profile.rule_settings.items():
            shown = f"#   {key}: {_shown(value)}"
            text += f"{shown:<40}  # {_relative_source(source, base)}\n"
    return text, output


def _relative_value(origin: Origin, base: Path) -> Any:
    """Paths read from the site, relative to ``config.yaml``'s folder."""
    value = origin.value
    if isinstance(value, str) and os.path.isabs(value):
        return os.path.relpath(value, base)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [os.path.relpath(v, base) if os.path.isabs(v) else v for v in value]
    return value


def _relative_source(source: str, base: Path) -> str:
    """``/site/hugo.toml:3`` as ``read from ../site/hugo.toml:3``, and
    ``/site: why`` as ``../site: why``; a source in words as it is."""
    path, colon, line = source.rpartition(":")
    if colon and line.isdigit() and os.path.isabs(path):
        return f"read from {os.path.relpath(path, base)}:{line}"
    path, colon, why = source.partition(": ")
    if colon and os.path.isabs(path):
        return f"{os.path.relpath(path, base)}: {why}"
    return source


def _config(
    readme: str,
    head: list[str],
    given: dict[str, str],
    values: dict[str, Any],
    sources: dict[str, str],
) -> str:
    """The configuration block rewritten: the ``given`` keys set, every
    other key commented out and shown at ``values`` or its default."""
    out = [*head, ""]
    entries = list(_entries(readme))
    for name, indent, value, comment, carried in entries:
        rule = _rule(name)
        pad = " " * indent
        if isinstance(rule, dict):  # a section: open if a key inside is set
            opened = any(key.startswith(f"{name}.") for key in given)
            out.append(f"{pad}{'' if opened else '# '}{name.split('.')[-1]}:")
            continue
        key = name.split(".")[-1]
        if name in given:
            line = f"{pad}{key}: {_shown(given[name])}"
        else:
            shown = _shown(values[name]) if name in values else _default(rule, value)
            line = f"{pad}# {key}:{' ' if shown else ''}{shown}"
        if name in sources:
            comment = f"# {sources[name]}"
            carried = []
        elif comment and name not in given:
            comment = re.sub(r"^# required(: |$)", "# ", comment).rstrip()
        comment = "" if comment == "#" else comment
        column = len(line) + 1 if not comment else max(len(line) + 1, 41)
        out.append(f"{line:<{column}}{comment}".rstrip())
        out.extend(carried)
    return "\n".join(out) + "\n"


def _default(rule: Key, written: str) -> str:
    """A key's default as YAML, or the README's example where it has none."""
    if rule.default in (None, REQUIRED, [], {}):
        return written
    return _shown(rule.default)


def _shown(value: Any) -> str:
    """A value as one line of YAML."""
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, allow_unicode=True, width=1000)
        return dumped.removesuffix("\n...\n").rstrip("\n")
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)


# --- the command line of both -------------------------------------------------

EPILOG = (
    "commands: 'new TITLE' adds an article, 'init [DIR]' starts a site, "
    "'serve' previews the feeds on this machine, 'snippet' prints the "
    "discovery tags; 'COMMAND --help' says more. With no command, the "
    "options above build."
)


def add_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--version", action="version", version=f"feedsmith {__version__}"
    )


def _new_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} new",
        description="Write a new article, dated now in site.timezone, into the "
        "first source folder, and print its path.",
    )
    parser.add_argument("title", help="the article's title; its slug names the file")
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="a tag (repeat for more)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="md",
        help="md: Markdown with front matter (default); txt: a plain-text article",
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=CONFIG_NAME,
        help="the site's configuration (default: ./config.yaml)",
    )
    return parser


def _init_parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{prog} init",
        description="Start a site in DIR: a commented config.yaml, sources/, "
        ".gitignore lines and the GitHub Actions workflow.",
    )
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: .")
    parser.add_argument(
        "--from",
        dest="site",
        metavar="SITE",
        help="a Jekyll, Hugo, Zola, Pelican, mkdocs or Eleventy site folder: "
        "config.yaml reads it (from: SITE), with its values shown as comments",
    )
    return parser


def _serve_parser(prog: str) -> argparse.ArgumentParser:
    from feedsmith import serve  # watchfiles is loaded only to serve

    return serve.parser(prog)


def _snippet_parser(prog: str) -> argparse.ArgumentParser:
    from feedsmith import snippet  # the engine is loaded only for this command

    return snippet.parser(prog)


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """``--config FILE`` or ``--site DIR``, as a build takes them."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--config",
        metavar="FILE",
        help="the site's configuration (default: ./config.yaml)",
    )
    where.add_argument(
        "--site",
        metavar="DIR",
        help="a Jekyll, Hugo, Zola, Pelican, mkdocs or Eleventy site folder, "
        "read as its generator does, with no config.yaml",
    )


def site_config(args: argparse.Namespace) -> Config:
    """The config that ``--config`` or ``--site`` names (ConfigError if it
    cannot be used)."""
    if args.site is not None:
        return load_site(Path(args.site))
    return load_config(Path(args.config or CONFIG_NAME))


PARSERS = {
    "new": _new_parser,
    "init": _init_parser,
    "serve": _serve_parser,
    "snippet": _snippet_parser,
}


def main(command: str, argv: list[str], prog: str | None) -> int:
    """Run ``command`` with ``argv``; the exit status."""
    prog = prog or os.path.basename(sys.argv[0]) or "feedsmith"
    args = PARSERS[command](prog).parse_args(argv)
    if command in ("serve", "snippet"):  # each a module of its own
        return importlib.import_module(f"feedsmith.{command}").run(args)
    try:
        if command == "new":
            config = load_config(Path(args.config))
            path = new_article(
                config, args.title, args.tag, args.format, datetime.now(UTC)
            )
            print(_from_here(path))
        else:
            for path in init(Path(args.dir), args.site):
                print(f"wrote {_from_here(path)}{'/' if path.is_dir() else ''}")
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _from_here(path: Path) -> str:
    """``path`` relative to the working folder where it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
