"""Which files of ``docs_dir`` are the blog's posts (``post_dir``, less
``exclude_docs`` and ``draft_docs``), and what the blog adds to them from
files of its own: the authors file, and the meta plugin's files, refused.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from feedsmith.errors import ConfigError
from feedsmith.sites.mkdocs.config import MkdocsConfig, Section, load_yaml


def posts_folder(blog: Section, value: str) -> str:
    """The posts folder under docs_dir, normalised; not docs_dir or above."""
    folder = posixpath.normpath(value)
    if folder in (".", "..") or folder.startswith(("../", "/")):
        raise ConfigError(
            f"{blog.where('post_dir')}: post_dir: {value!r} is not a folder inside "
            "docs_dir; feedsmith needs the posts in a folder of their own"
        )
    return folder


def authors_file(blog: Section, blog_dir: str) -> str:
    """The blog's ``authors_file``, under docs_dir."""
    written = blog.pattern("authors_file", "{blog}/.authors.yml", ("blog",))
    return posixpath.normpath(written.format(blog=blog_dir))


def authors_registry(
    blog: Section, docs: Path, blog_dir: str
) -> tuple[tuple[str, str, str | None], ...] | None:
    """The blog's authors registry: key, name, email; None when off."""
    if not blog.flag("authors", True):
        return None
    path = docs / authors_file(blog, blog_dir)
    if not path.is_file():
        return ()
    file = load_yaml(path)
    registry = Section(MkdocsConfig(file.data, (file,)), "", file.data)
    entries = registry.value("authors", {}, dict)
    found = []
    for key, entry in entries.items():
        author = Section(
            registry.site, f"authors.{key}.", entry if isinstance(entry, dict) else {}
        )
        name = author.text("name", "")
        if not name:
            raise ConfigError(
                f"{registry.where(f'authors.{key}')}: authors: {key}: expected a name"
            )
        found.append((str(key), name, author.text("email", "") or None))
    return tuple(found)


def excluded(top: Section, post_dir: str) -> tuple[str, ...]:
    """mkdocs' ``exclude_docs`` and ``draft_docs`` (gitignore lines under
    docs_dir) as lines under the posts folder."""
    lines: list[str] = []
    for key in ("exclude_docs", "draft_docs"):
        for line in gitignore_lines(top, key):
            moved = _under(line.removeprefix("!"), post_dir)
            if moved == "?":
                raise ConfigError(
                    f"{top.where(key)}: {key}: {line!r}: feedsmith cannot tell "
                    f"which posts it names; anchor it at /{post_dir}/"
                )
            if moved is not None:
                lines.append("!" + moved if line.startswith("!") else moved)
    return tuple(lines)


def gitignore_lines(top: Section, key: str) -> list[str]:
    """The lines of ``exclude_docs`` or ``draft_docs``, less blanks and
    comments."""
    lines = (line.strip() for line in top.text(key, "").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _under(pattern: str, post_dir: str) -> str | None:
    """``pattern`` relative to post_dir; None if it names nothing there,
    ``?`` if that hangs on a wildcard above post_dir."""
    bare = pattern.rstrip("/")
    if "/" not in bare or bare.startswith("**/"):
        return pattern  # it matches at any depth
    anchored = pattern.lstrip("/")
    if anchored.rstrip("/") == post_dir:
        return "*"  # the posts folder itself
    if anchored.startswith(post_dir + "/"):
        return "/" + anchored[len(post_dir) + 1 :]
    above = anchored.split("/")[: post_dir.count("/") + 1]
    return "?" if any(set(part) & set("*?[\\") for part in above) else None


def refuse_meta_files(plugins: dict[str, Section], docs: Path, post_dir: str) -> None:
    """Material's meta plugin adds front matter to posts from files that
    feedsmith does not merge yet."""
    for meta in (plugins.get(name) for name in ("meta", "material/meta")):
        if meta is None:
            continue
        name = meta.text("meta_file", ".meta.yml")
        parts = post_dir.split("/")
        found = [docs.joinpath(*parts[:n], name) for n in range(len(parts) + 1)]
        found = [p for p in found if p.is_file()]
        found += sorted((docs / post_dir).glob(f"**/{name}"))
        if found:
            raise ConfigError(
                f"{found[0]}: the meta plugin ({meta.here()}) adds "
                "these settings to posts, which feedsmith does not read yet; "
                "write them in each post's front matter"
            )
