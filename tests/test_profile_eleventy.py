"""The Eleventy profile (``from:``, issue 12) against what Eleventy 3.1.8 and
its feed plugin 3.0.0 do.

The slug rows are the table of ``docs/profiles/eleventy.md``, each measured
with the pinned install; ``tests/sites/eleventy/expected.json`` is the
plugin's own feed for the sample site. The small sites written here check
the measured rules the sample does not show (each was built with the real
Eleventy when the profile was written: see the doc's "Built" section).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sitecheck
from conftest import REPO, assert_no_traceback, run_cli, run_main, views_written

from feedsmith import feeds
from feedsmith.errors import ConfigError, SourceError, SourceErrors
from feedsmith.readers import markdown
from feedsmith.sites.eleventy import slug, slugify

SITE = REPO / "tests" / "sites" / "eleventy"
EXPECTED = sitecheck.expected("eleventy")
NOW = sitecheck.NOW
LEFT_OUT: dict[str, str] = {}  # every item of the plugin's feed is kept
CONFIG = SITE / "eleventy.config.js"


def _line_of(start: str) -> int:
    """The line of the sample site's config that starts (indented) with ``start``."""
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(start))


# input, slugify, slug: the table of docs/profiles/eleventy.md
FILTERS = [
    ("Hello, World!", "hello-world", "hello-world!"),
    ("Café au lait: Crème brûlée & Co.", "cafe-au-lait-creme-brulee-and-co",
     "cafe-au-lait:-creme-brulee-and-co."),
    ("Ünïcödé Straße in Ærøskøbing", "uenicoede-strasse-in-aeroskobing",
     "unicode-strasse-in-aeroskobing"),
    ("ÄÖÜ äöü", "aeoeue-aeoeue", "aou-aou"),
    ("日本語のタイトル 中文", "", ""),
    ("東京 Tokyo 2024", "tokyo-2024", "tokyo-2024"),
    ("Привет мир", "privet-mir", "privet-mir"),
    ("Ελληνικά κείμενα", "ellinika-keimena", "ellhnika-keimena"),
    ("α β γ", "a-v-g", "a-b-g"),  # noqa: RUF001
    ("Rocket 🚀 launch 🎉 day", "rocket-launch-day", "rocket-launch-day"),
    ("🚀🚀", "", ""),
    ("10 Things About 3.14 and C++ / C#", "10-things-about-3-14-and-c-c",
     "10-things-about-3.14-and-c++-c"),
    ("   Leading and trailing spaces   ", "leading-and-trailing-spaces",
     "leading-and-trailing-spaces"),
    ("Quotes \"double\" 'single' — dashes – and… ellipsis?!",  # noqa: RUF001
     "quotes-double-single-dashes-and-ellipsis",
     "quotes-\"double\"-'single'-dashes-and...-ellipsis!"),
    ("a  --  b", "a-b", "a-b"),
    ("-starts and ends-", "starts-and-ends", "starts-and-ends"),
    ("under_score and dot.name", "under-score-and-dot-name", "under_score-and-dot.name"),
    ("a.b.c.", "a-b-c", "a.b.c."),
    ("100% sure #1 @home", "100-sure-1-home", "100percent-sure-1-@home"),
    ("50% off: 1/2 price", "50-off-1-2-price", "50percent-off:-12-price"),
    ("What's new in 2024?", "whats-new-in-2024", "what's-new-in-2024"),
    ("Tom & Jerry's Day", "tom-and-jerrys-day", "tom-and-jerry's-day"),
    ("ship’s log", "ship-s-log", "ship's-log"),  # noqa: RUF001
    ("iPhone vs. JavaScript: CamelCase & HTML5",
     "iphone-vs-javascript-camelcase-and-html5",
     "iphone-vs.-javascript:-camelcase-and-html5"),
    ("fooBar XMLHttpRequest", "foobar-xmlhttprequest", "foobar-xmlhttprequest"),
    ("a+b=c", "a-b-c", "a+bc"),
    ("x < y > z", "x-y-z", "x-less-y-greater-z"),
    ("a/b\\c", "a-b-c", "abc"),
    ("€ 5 and £ 3 and ¥", "e-5-and-3-and-y", "euro-5-and-pound-3-and-yen"),
    ("I ♥ Unicode", "i-love-unicode", "i-love-unicode"),
    ("ﬁ ligature and ½", "ligature-and", "ligature-and"),
    ("İstanbul", "istanbul", "istanbul"),
    ("Ça va? Øre, Åse, Æble", "ca-va-ore-ase-aeble", "ca-va-ore-ase-aeble"),
    ("Łódź Kraków", "lodz-krakow", "lodz-krakow"),
    ("Việt Nam", "viet-nam", "viet-nam"),
    ("naïve résumé", "naive-resume", "naive-resume"),
    ("Nº 1", "n-1", "no-1"),
    ("2024-01-05-hello-world", "2024-01-05-hello-world", "2024-01-05-hello-world"),
]  # fmt: skip
# Measured beyond the table: sequences slugify replaces whole, and the
# contraction rule ('s and 't only before a space or the end).
MORE_SLUGIFY = [
    ("Объект съел", "obyekt-syel"),
    ("1\ufe0f\u20e3 keycap", "1-keycap"),
    ("o'clock it's", "o-clock-its"),
    ("Ⓐ ⓒ ①", "a-b-1"),
]


@pytest.mark.parametrize(("text", "slugified", "slugged"), FILTERS)
def test_the_slug_filters_are_eleventys(text, slugified, slugged):
    assert slugify(text) == slugified
    assert slug(text) == slugged


@pytest.mark.parametrize(("text", "slugified"), MORE_SLUGIFY)
def test_slugify_beyond_the_table(text, slugified):
    assert slugify(text) == slugified


def _config(tmp_path: Path, extra: str = "", site: Path = SITE):
    return sitecheck.config_from(site, tmp_path, extra)


def test_the_site_config_fills_every_key(tmp_path):
    config = _config(tmp_path)
    assert config.site.url == "https://example.org/blog/"
    assert config.site.title == "Lamp & Ledger"
    assert config.site.description == "Notes from a small workshop."
    assert config.site.language == "en-GB"
    assert config.site.author is not None
    assert config.site.author.name == "Ada Example"
    assert config.site.author.email == "ada@example.org"
    assert config.site.timezone.key == "UTC"
    # Eleventy reads templates from the whole site folder; feedsmith reads
    # its sub-folders, as its cache sits at the top (none holds a post).
    assert config.sources.folders == (SITE / "notes", SITE / "posts")
    assert config.sources.include == ("*.md", "*.html")
    assert config.output == SITE / "feeds"
    assert config.feeds.url == "https://example.org/blog/feeds/"
    assert config.feeds.future is True
    assert config.profile is not None
    settings = config.profile.settings
    assert settings["site.url"][1] == f"{CONFIG}:{_line_of('base: ')}"  # metadata
    assert settings["site.title"][1] == f"{CONFIG}:{_line_of('title: ')}"
    assert settings["feeds.limit"][1].startswith(f"{CONFIG}:")
    assert 'addPassthroughCopy("feeds")' in settings["output"][1]
    assert config.profile.rule_settings["pathPrefix"][0] == "/blog/"


def test_from_alone_gives_eleventys_links_ids_and_dates(tmp_path):
    config = _config(tmp_path)
    output = feeds(config, NOW)
    items = sitecheck.items(config)
    sitecheck.assert_same(EXPECTED, items, LEFT_OUT)
    # hidden.md (eleventyExcludeFromCollections) is in no collection: left
    # out as Eleventy leaves it out, without a warning.
    assert output.warnings == ()
    assert {e["title"] for e in items.values()} == {e["title"] for e in EXPECTED}
    # The collection's tag is no category; the notes/ folder's other tag is.
    tea = items["https://example.org/blog/notes/tea/"]
    assert tea["tags"] == ["notes"]


def test_the_build_machines_zone_moves_dated_permalinks(tmp_path):
    """Liquid's date filter formats in the zone of the process that builds
    (measured: built with TZ=America/Sao_Paulo, the date-only posts move a
    day earlier); site.timezone stands for it."""
    config = _config(tmp_path, "site:\n  timezone: America/Sao_Paulo\n")
    items = sitecheck.items(config)
    assert "https://example.org/blog/2024/01/31/cafe-au-lait-creme-brulee-and-co/" in (
        items
    )
    assert "https://example.org/blog/2098/12/31/a-letter-to-the-future/" in items
    # Dates themselves stay UTC: Eleventy reads none in a local zone.
    future = items["https://example.org/blog/2098/12/31/a-letter-to-the-future/"]
    assert future["date_published"] == "2099-01-01T00:00:00+00:00"


# --- small sites for the rules the sample does not show ---

PLUGIN_CONFIG = """\
import { feedPlugin } from "@11ty/eleventy-plugin-rss";
export default function (eleventyConfig) {
  eleventyConfig.addPreprocessor("drafts", "*", (data) => {
    if (data.draft && process.env.ELEVENTY_RUN_MODE === "build") {
      return false;
    }
  });
  eleventyConfig.addPlugin(feedPlugin, {
    collection: { name: "posts", limit: 0 },
    metadata: { title: "Probe", subtitle: "Probe site", base: "https://probe.example/" },
  });
  eleventyConfig.ignores.add("ignored/**");
}
"""


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _links(tmp_path: Path, files: dict[str, str], extra: str = "") -> dict[str, str]:
    """Each item's title and link, for a site of ``files``."""
    site = _write(tmp_path / "site", {"eleventy.config.js": PLUGIN_CONFIG, **files})
    items = sitecheck.items(_config(tmp_path, extra, site))
    return {item["title"]: item["url"] for item in items.values()}


def _post(title: str, *lines: str) -> str:
    return "\n".join(["---", f"title: {title}", *lines, "---", "Body.", ""])


def test_the_rules_the_sample_does_not_show(tmp_path):
    """Each link as the real Eleventy built it (probe site, TZ=UTC)."""
    permalink = (
        '"/{{ page.date | date: \\"%Y/%-m/%e/%B/%a/%j\\" }}/{{ page.fileSlug }}/"'
    )
    links = _links(
        tmp_path,
        {
            "posts/posts.11tydata.json": f'{{"tags": "posts", "permalink": {permalink}}}',
            "posts/2024-05-01-trip/index.md": _post("A"),
            "posts/trip-2024-05-02-mid.md": _post("B"),
            "posts/sub/2024-01-01-stemmed.md": _post(
                "C",
                "date: 2024-06-01T23:30:00-02:00",
                'permalink: "/stem{{ page.filePathStem }}/"',
            ),
            "posts/quoted-draft.md": _post("D", "date: 2024-06-02", 'draft: "false"'),
            "posts/zero-draft.md": _post("E", "date: 2024-06-03", "draft: 0"),
            "posts/build-object.md": _post(
                "F", "date: 2024-06-04", "permalink:", '  build: "/built/F/"'
            ),
            "posts/excluded-list.md": _post(
                "G", "date: 2024-06-05", 'eleventyExcludeFromCollections: ["posts"]'
            ),
            "notes/string-tags.md": _post("H", "date: 2024-06-06", 'tags: "posts, x"'),
            "notes/bundle/bundle.md": _post("I", "date: 2024-06-07", "tags: [posts]"),
            "notes/Ünï J.md": _post(
                "J",
                "date: 2024-06-08",
                "tags: [posts]",
                'permalink: "/j/{{ title | slugify }}-{{ page.fileSlug | slug }}.html"',
            ),
            "notes/index.md": _post("K", "date: 2024-06-09", "tags: posts"),
            "notes/ldata.json": '{"title": "L", "date": "2024-06-10", "tags": ["posts"]}',
            "notes/ldata.md": "---\nlayout: layouts/x.njk\n---\nBody.\n",
            "_includes/layouts/x.njk": "---\ntags: [posts]\n---\n{{ content }}\n",
            "notes/m-layout.md": _post("M", "date: 2024-06-11", "layout: layouts/x"),
            "ignored/n.md": _post("N", "date: 2024-06-12", "tags: posts"),
            "notes/o.md": "---yaml\ntitle: O\ndate: 2024-06-13 10:00:00\ntags: posts\n"
            "---\nBody.\n",
            "notes/p.md": _post(
                '"P: weird #1?"',
                "date: 2024-06-14",
                "tags: posts",
                'permalink: "/p/{{ title }}/"',
            ),
        },
    )
    base = "https://probe.example"
    assert links == {
        "A": f"{base}/2024/5/%201/May/Wed/122/trip/",
        "B": f"{base}/2024/5/%202/May/Thu/123/mid/",
        "C": f"{base}/stem/posts/sub/stemmed/",
        "E": f"{base}/2024/6/%203/June/Mon/155/zero-draft/",
        "F": f"{base}/built/F/",
        "H": f"{base}/notes/string-tags/",
        "I": f"{base}/notes/bundle/",
        "J": f"{base}/j/j-uni-j.html",
        "K": f"{base}/notes/",
        "L": f"{base}/notes/ldata/",
        "M": f"{base}/notes/m-layout/",
        "O": f"{base}/notes/o/",
        "P: weird #1?": f"{base}/p/P:%20weird%20#1?/",
    }


def test_a_hand_written_feed_template_and_a_glob_collection(tmp_path):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": (
                'import pluginRss from "@11ty/eleventy-plugin-rss";\n'
                "export default function (eleventyConfig) {\n"
                "  eleventyConfig.addPlugin(pluginRss);\n"
                '  eleventyConfig.addCollection("posts", function (api) {\n'
                '    return api.getFilteredByGlob("blog/*.md");\n'
                "  });\n"
                '  return { pathPrefix: "/p/", dir: { input: ".", output: "_site" } };\n'
                "}\n"
            ),
            "_data/metadata.js": (
                'export default { title: "Old Blog", url: "https://old.example/",\n'
                '  description: "An older blog.", language: "en" };\n'
            ),
            "feed/feed.njk": (
                "---\npermalink: /feed.xml\neleventyExcludeFromCollections: true\n"
                "---\n{%- for post in collections.posts | reverse %}\n"
                "<id>{{ post.url | htmlBaseUrl(metadata.url) }}</id>{%- endfor %}\n"
            ),
            "blog/one.md": _post("One", "date: 2023-01-01"),
            "blog/2023-02-03-two.md": _post("Two"),
            "about.md": _post("Page", "date: 2023-01-01"),
        },
    )
    config = _config(tmp_path, "", site)
    assert (config.site.url, config.site.title) == (
        "https://old.example/p/",
        "Old Blog",
    )
    assert config.site.description == "An older blog."
    items = sitecheck.items(config)
    assert {i["url"]: i["date_published"] for i in items.values()} == {
        "https://old.example/p/blog/one/": "2023-01-01T00:00:00+00:00",
        "https://old.example/p/blog/2023-02-03-two/": "2023-02-03T00:00:00+00:00",
    }


def test_what_the_plugins_metadata_leaves_out_comes_from_data(tmp_path):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": PLUGIN_CONFIG.replace(
                'base: "https://probe.example/" ', ""
            ).replace('title: "Probe", ', ""),
            "_data/metadata.json": '{\n  "title": "From data",\n'
            '  "url": "https://data.example/x/"\n}\n',
        },
    )
    config = _config(tmp_path, "", site)
    assert (config.site.title, config.site.url) == (
        "From data",
        "https://data.example/",
    )
    data = site / "_data" / "metadata.json"
    assert config.profile is not None
    assert config.profile.settings["site.url"][1] == f"{data}:3"


def test_eleventys_front_matter_fences(tmp_path):
    path = tmp_path / "post.md"
    document = markdown.read(path, '---json\n{\n  "title": "J"\n}\n---\nBody.\n')
    assert (document.meta, document.line_of("title"), document.body.line) == (
        {"title": "J"},
        3,
        6,
    )
    document = markdown.read(path, "--- JS \nconst title = 'K', tags = [];\n---\nB\n")
    assert (document.meta, document.line_of("title")) == ({"title": "K", "tags": []}, 2)
    document = markdown.read(path, "---yaml\ntitle: Y\n---\nB\n")
    assert document.meta == {"title": "Y"}
    with pytest.raises(SourceError, match=r"post.md:3: invalid JSON front matter"):
        markdown.read(path, '---json\n{"title": "J",\n "title": "K"}\n---\n')
    with pytest.raises(SourceError, match=r"post.md:3: JavaScript front matter: "):
        markdown.read(path, "---js\n{\n  date: Date.now(),\n}\n---\n")


def test_code_feedsmith_cannot_run_names_the_key_to_set(tmp_path):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": PLUGIN_CONFIG.replace(
                "  eleventyConfig.ignores",
                '  eleventyConfig.addPreprocessor("x", "*", (d) => d.secret);\n'
                '  eleventyConfig.addCollection("posts", (api) => api.getAll()'
                ".filter((p) => p.data.blog));\n  eleventyConfig.ignores",
            ),
            "blog/one.md": _post("One", "date: 2023-01-01", "blog: true"),
            "about.md": _post("About", "date: 2023-01-01"),
        },
    )
    with pytest.raises(
        ConfigError,
        match=r"eleventy.config.js:13: the collection "
        r"'posts'.*; set sources.include in config.yaml",
    ):
        _config(tmp_path, "", site)
    with pytest.raises(
        ConfigError,
        match=r"eleventy.config.js:12: addPreprocessor "
        r"is code.*; set sources.exclude in config.yaml",
    ):
        _config(tmp_path, "sources:\n  include: ['*.md']\n", site)
    config = _config(tmp_path, "sources:\n  include: [one.md]\n  exclude: []\n", site)
    assert list(sitecheck.items(config)) == ["https://probe.example/blog/one/"]


def test_a_post_in_the_top_folder_needs_sources_folders(tmp_path):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": PLUGIN_CONFIG,
            "blog/one.md": _post("One", "date: 2023-01-01", "tags: posts"),
            "top.md": _post("Top", "date: 2023-01-02", "tags: posts"),
        },
    )
    with pytest.raises(
        ConfigError,
        match=r"top.md: a post in the top folder.*"
        r"it reads blog.*; set sources.folders in config.yaml",
    ):
        _config(tmp_path, "", site)
    config = _config(tmp_path, f"sources: {site}\ncache: {tmp_path / 'cache'}\n", site)
    assert sorted(sitecheck.items(config)) == [
        "https://probe.example/blog/one/",
        "https://probe.example/top/",
    ]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("date: Last Modified", "4: date: 'Last Modified' is read from file times"),
        ("date: git Created", "4: date: 'git Created' is read from git history"),
        ("date: 2024-02-30", "4: date: '2024-02-30' is no date"),
        ("date: April 7, 2024", "4: date: 'April 7, 2024' is no ISO date"),
        ("permalink: false", "4: permalink: false: Eleventy writes no page"),
        (
            'permalink: "/{{ title | upcase }}/"',
            "4: permalink: '/{{ title | upcase }}/'",
        ),
        ('permalink: "{% if x %}/x/{% endif %}"', "4: permalink: '{% if x %}"),
    ],
)
def test_a_value_feedsmith_cannot_follow_names_its_line(tmp_path, front, message):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": PLUGIN_CONFIG,
            "blog/post.md": _post(
                "Post",
                "tags: posts",
                front,
                *([] if "date" in front else ["date: 2024-01-01"]),
            ),
        },
    )
    with pytest.raises(SourceErrors) as caught:
        feeds(_config(tmp_path, "", site), NOW)
    shown = [str(error) for error in caught.value.errors]
    assert any(f"post.md:{message}" in line for line in shown), shown


def test_javascript_front_matter_is_read_not_run(tmp_path):
    files = {
        "blog/object.md": "---js\n{\n  // a comment\n  title: `Object`,\n"
        "  date: '2024-01-02', tags: ['posts',],\n}\n---\nBody.\n",
        "blog/json.md": '---json\n{"title": "JSON", "date": "2024-01-03", '
        '"tags": ["posts"]}\n---\nBody.\n',
    }
    links = _links(tmp_path, files)
    assert links == {
        "Object": "https://probe.example/blog/object/",
        "JSON": "https://probe.example/blog/json/",
    }


def test_an_eleventy_config_feedsmith_cannot_read_is_a_clear_error(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    config = site / "eleventy.config.js"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace('pathPrefix: "/blog/"', "pathPrefix: process.env.PREFIX"),
        encoding="utf-8",
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 2, result.stderr
    assert_no_traceback(result)
    line = _line_of("pathPrefix: ")
    assert f"eleventy.config.js:{line}: pathPrefix is code" in result.stderr


def test_front_matter_feedsmith_cannot_read_names_its_file_and_line(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "posts" / "cafe.md").write_text(
        "---\ntitle: Bad date\ndate: 2024-13-45\n---\nBody.\n", encoding="utf-8"
    )
    (site / "posts" / "js-front.md").write_text(
        '---js\nconst title = "Code";\nconst date = new Date();\n---\nBody.\n',
        encoding="utf-8",
    )
    result = run_cli(tmp_path, "--site", str(site))
    assert result.returncode == 1
    assert_no_traceback(result)
    assert "site/posts/cafe.md:3: date:" in result.stderr
    assert "site/posts/js-front.md:3: JavaScript front matter" in result.stderr
    assert "write YAML front matter" in result.stderr


def test_the_sample_sites_feed_json_is_valid(tmp_path):
    config = _config(tmp_path)
    feed = json.loads(feeds(config, NOW).files[config.output / "feed.json"])
    assert feed["home_page_url"] == "https://example.org/blog/"
    assert feed["feed_url"] == "https://example.org/blog/feeds/feed.json"


# --- the .html views feedsmith writes beside the feeds ---

RENDERED = (
    "Eleventy would render the .html views in {folder}/ as templates (html is "
    'a template format); add eleventyConfig.ignores.add("{folder}/**")'
)


def _views_site(tmp_path: Path, calls: str, files: dict[str, str] | None = None):
    """A small site whose config makes ``calls``, and the config of it."""
    config = PLUGIN_CONFIG.replace("\n}\n", f"\n{calls}\n}}\n")
    post = _post("First", "tags: [posts, geology]", "date: 2024-03-05")
    written = {"eleventy.config.js": config, "blog/first.md": post, **(files or {})}
    site = _write(tmp_path / "site", written)
    return site, _config(tmp_path, "", site)


@pytest.mark.parametrize(
    ("calls", "folder"),
    [
        ("", "feeds"),
        ('  eleventyConfig.addPassthroughCopy("feeds");', "feeds"),
        # a folder copied to the site's root, the feeds in it
        ('  eleventyConfig.addPassthroughCopy({ "public": "/" });', "public/feeds"),
    ],
)
def test_the_views_are_off_where_eleventy_would_render_them(tmp_path, calls, folder):
    """Eleventy renders the .html files of a copied folder as templates too:
    stray pages (/feeds/discovery/), and an error for a title with ``{{``."""
    site, config = _views_site(tmp_path, calls)
    assert config.output == site / folder
    assert (config.feeds.index, config.feeds.discovery) == (False, False)
    assert config.profile is not None
    reason = f"{site / 'eleventy.config.js'}: " + RENDERED.format(folder=folder)
    assert config.profile.settings["feeds.index"] == (False, reason)
    assert config.profile.settings["feeds.discovery"] == (False, reason)
    result = run_main(tmp_path, "--site", "site", "--explain")
    assert result.returncode == 0, result.stderr
    rows = [line.split("  # ") for line in result.stdout.splitlines()]
    shown = {value.strip(): where for value, where in rows}
    assert shown["feeds.index: false"] == reason
    assert shown["feeds.discovery: false"] == reason


@pytest.mark.parametrize(
    ("calls", "files"),
    [
        ('  eleventyConfig.ignores.add("feeds/**");', {}),  # as the reason says
        ('  eleventyConfig.ignores.add("feeds");', {}),
        ("", {".eleventyignore": "# generated\nfeeds/\n"}),
        ('  eleventyConfig.setTemplateFormats(["md", "njk"]);', {}),
        ('  eleventyConfig.addPassthroughCopy({ "public": "/" });\n'
         '  eleventyConfig.ignores.add("public/**");', {}),
    ],
)  # fmt: skip
def test_the_views_stay_on_where_eleventy_renders_no_page_in_feeds(
    tmp_path, calls, files
):
    _, config = _views_site(tmp_path, calls, files)
    assert (config.feeds.index, config.feeds.discovery) == (True, True)
    assert config.profile is not None
    assert not {"feeds.index", "feeds.discovery"} & set(config.profile.settings)


def test_the_views_stay_on_with_the_feeds_outside_the_input(tmp_path):
    site = _write(
        tmp_path / "site",
        {
            "eleventy.config.js": PLUGIN_CONFIG
            + 'export const config = { dir: { input: "src" } };\n',
            "src/blog/first.md": _post("First", "tags: posts", "date: 2024-03-05"),
        },
    )
    config = _config(tmp_path, "", site)
    assert config.output == site / "feeds"
    assert (config.feeds.index, config.feeds.discovery) == (True, True)


def test_a_build_writes_the_views_only_where_eleventy_leaves_them_be(tmp_path):
    """As a user runs it: ``--site`` on a site whose feeds folder Eleventy
    would render writes the feeds without index.html and discovery.html;
    with the folder ignored it writes them too."""
    for name, calls in (
        ("rendered", '  eleventyConfig.addPassthroughCopy("feeds");'),
        ("ignored", '  eleventyConfig.addPassthroughCopy("feeds");\n'
                    '  eleventyConfig.ignores.add("feeds/**");'),
    ):  # fmt: skip
        site, _ = _views_site(tmp_path / name, calls)
        run = run_cli(site, "--site", str(site), timeout=60)
        assert run.returncode == 0, run.stderr
        assert (site / "feeds/rss.xml").is_file()
        written = views_written(site / "feeds", "geology")
        assert written == [name == "ignored"] * 3, name
