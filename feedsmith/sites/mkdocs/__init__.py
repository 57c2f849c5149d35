"""mkdocs-material's blog: read ``mkdocs.yml`` and place each post where the
blog plugin of mkdocs-material 9.8.2 writes it, dated as mkdocs-rss-plugin
1.19.0 dates it in the feed the site already publishes.

Every rule here is measured and written down in ``docs/profiles/mkdocs.md``;
its tables are the tests (``tests/test_profile_mkdocs.py``). Nothing of the
site is run: a Python tag in ``mkdocs.yml`` is kept opaque, and the one such
value a blog's URLs depend on, ``post_slugify``, is recognised by name.

- :mod:`.config` reads ``mkdocs.yml`` (and what it inherits) safely, with
  the file and line of every key, and finds the enabled plugins;
- :mod:`.posts` says which files are posts, and reads the authors file;
- :mod:`.slugs` holds the slug functions ``post_slugify`` can name;
- :mod:`.cldr` writes dates in URLs by ``post_url_date_format``;
- :mod:`.frontmatter` types a post's front matter as the blog does;
- :mod:`.rss` holds the rss plugin's ``match_path`` and dates;
- :mod:`.rules` places each post.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from feedsmith.errors import ConfigError
from feedsmith.sites import Profile, Unreadable
from feedsmith.sites.mkdocs.cldr import URL_DATE_FORMAT, url_date_format
from feedsmith.sites.mkdocs.config import (
    Section,
    Tagged,
    enabled_plugins,
    load_config,
)
from feedsmith.sites.mkdocs.posts import (
    authors_file,
    authors_registry,
    excluded,
    gitignore_lines,
    posts_folder,
    refuse_meta_files,
)
from feedsmith.sites.mkdocs.rss import rss_dates, rss_settings
from feedsmith.sites.mkdocs.rules import MkdocsRules
from feedsmith.sites.mkdocs.slugs import slugify_setting

__all__ = ["read"]

MARKDOWN = ("*.md", "*.markdown")  # the Markdown pages feedsmith reads


def _site_settings(
    top: Section, rss: Section | None, language: str
) -> dict[str, tuple[Any, str]]:
    """site.* as the feed the rss plugin writes shows them."""
    settings: dict[str, tuple[Any, str]] = {}
    base = top.text("site_url", "")
    if not base.startswith(("http://", "https://")):
        raise ConfigError(
            f"{top.where('site_url')}: site_url: expected an http(s) URL, got "
            f"{base!r}; set site.url in config.yaml instead"
        )
    settings["site.url"] = (base.rstrip("/") + "/", top.where("site_url"))
    for key, own, feed in (
        ("site.title", "site_name", "feed_title"),
        ("site.description", "site_description", "feed_description"),
        ("site.author", "site_author", ""),
    ):
        section, name = (rss, feed) if rss and rss.values.get(feed) else (top, own)
        value = section.values.get(name)
        if isinstance(value, Tagged):  # config.yaml may give it instead
            where = section.where(name)
            message = f"{where}: {name}: {value.tag} is known only when mkdocs runs"
            settings[key] = (Unreadable(f"{message}; set {key} in config.yaml"), where)
        elif value is not None:
            text = section.text(name, "")
            given = {"name": text} if key == "site.author" else text
            settings[key] = (given, section.where(name))
    settings["site.language"] = (
        (top.text("locale", ""), top.where("locale"))  # the rss plugin's first
        if top.values.get("locale") is not None
        else (language, top.origin("theme.language", "Material's default language"))
    )
    return settings


def read(root: Path) -> Profile:
    site = load_config(root)
    top = Section(site, "", site.data)
    plugins = enabled_plugins(site)
    blog, rss = plugins["blog"], plugins.get("rss")
    theme = top.values.get("theme")
    theme = Section(site, "theme.", theme if isinstance(theme, dict) else {})
    language = theme.text("language", "en")  # also of the dates in URLs
    settings = _site_settings(top, rss, language)
    docs_dir = top.text("docs_dir", "docs")
    docs = root / docs_dir
    blog_dir = blog.text("blog_dir", "blog")
    post_dir = blog.pattern("post_dir", "{blog}/posts", ("blog",))
    post_dir = posts_folder(blog, post_dir.format(blog=posixpath.normpath(blog_dir)))
    posts = (docs / post_dir).resolve()
    why = "the blog's default post_dir, {blog}/posts"
    settings["sources.folders"] = ([str(posts)], blog.origin("post_dir", why))
    settings["sources.include"] = (list(MARKDOWN), "mkdocs publishes Markdown pages")
    output = (docs / "feeds").resolve()
    settings["output"] = (str(output), f"{docs}: mkdocs publishes docs_dir as it is")
    more = rss or blog  # the summary: the feed's abstract, or the blog's excerpt
    key = "abstract_delimiter" if rss else "post_excerpt_separator"
    why = "the default of mkdocs-rss-plugin and the blog: <!-- more -->"
    settings["content.excerpt_separator"] = (
        more.text(key, "<!-- more -->"),
        more.origin(key, why),
    )
    if rss is not None:
        limit = rss.value("length", 20, int)
        if limit < 1:
            raise ConfigError(f"{rss.where('length')}: length: expected 1 or more")
        why = "mkdocs-rss-plugin's default length"
        settings["feeds.limit"] = (limit, rss.origin("length", why))
    drafts = blog.flag("draft", False)
    future_drafts = blog.flag("draft_if_future_date", False)
    key = "draft" if drafts else "draft_if_future_date"
    why = "the blog publishes posts dated in the future"
    settings["feeds.future"] = (drafts or not future_drafts, blog.origin(key, why))
    rules = MkdocsRules(
        posts=posts,
        post_dir=post_dir,
        base_url=settings["site.url"][0],
        blog_dir=blog_dir,
        url_format=blog.pattern(
            "post_url_format", "{date}/{slug}", ("categories", "date", "file", "slug")
        ),
        date_tokens=url_date_format(blog, language),
        max_categories=blog.value("post_url_max_categories", 1, int),
        post_slug=slugify_setting(blog, "post_slugify"),
        category_slug=slugify_setting(blog, "categories_slugify"),
        directory_urls=top.flag("use_directory_urls", True),
        publish_drafts=drafts,
        future_drafts=future_drafts,
        rss=rss_dates(rss) if rss is not None else None,
        authors=authors_registry(blog, docs, blog_dir),
        categories_allowed=tuple(blog.value("categories_allowed", [], list))
        if blog.flag("categories", True)
        else (),
    )
    refuse_meta_files(plugins, docs, post_dir)
    shown = _rule_settings(top, theme, blog, rules, docs_dir, language)
    if rss is not None and rules.rss is not None:
        shown.update(rss_settings(rss, rules.rss))
    exclude = excluded(top, post_dir)
    return Profile("mkdocs", root, settings, exclude, rules, rule_settings=shown)


def _rule_settings(
    top: Section,
    theme: Section,
    blog: Section,
    rules: MkdocsRules,
    docs_dir: str,
    language: str,
) -> dict[str, tuple[Any, str]]:
    """The settings the rules use, under mkdocs' names, for ``--explain``;
    and two the blog reads for its own pages and ``mkdocs serve`` only."""
    on_serve = blog.flag("draft_on_serve", True)  # mkdocs serve only
    page_dates = blog.text("post_date_format", "long")  # the blog's pages only
    date_format = blog.text("post_url_date_format", URL_DATE_FORMAT)
    rows: list[tuple[Section, str, Any]] = [
        (top, "docs_dir", docs_dir),
        (top, "use_directory_urls", rules.directory_urls),
        (theme, "language", language),
        (blog, "blog_dir", rules.blog_dir),
        (blog, "post_dir", rules.post_dir),
        (blog, "post_url_format", rules.url_format),
        (blog, "post_url_date_format", date_format),
        (blog, "post_url_max_categories", rules.max_categories),
        (blog, "post_slugify", rules.post_slug.shown),
        (blog, "post_slugify_separator", rules.post_slug.separator),
        (blog, "categories_slugify", rules.category_slug.shown),
        (blog, "categories_slugify_separator", rules.category_slug.separator),
        (blog, "categories_allowed", list(rules.categories_allowed)),
        (blog, "post_date_format", page_dates),
        (blog, "draft", rules.publish_drafts),
        (blog, "draft_if_future_date", rules.future_drafts),
        (blog, "draft_on_serve", on_serve),
        (blog, "authors", rules.authors is not None),
        (blog, "authors_file", authors_file(blog, rules.blog_dir)),
        (top, "exclude_docs", gitignore_lines(top, "exclude_docs")),
        (top, "draft_docs", gitignore_lines(top, "draft_docs")),
    ]
    return {
        section.named(name): section.shown(name, value) for section, name, value in rows
    }
