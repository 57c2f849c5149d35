"""Template tags and shortcodes (issue 13, part 2).

Each generator's built-ins as its tool renders them (measured with Jekyll
4.3.1 and Hugo 0.168.0, README "Template tags and shortcodes"), unknown tags
in each ``content.unknown_tags`` mode, unclosed tags, lines, escapes and
speed, with ``ask`` answered from a dict; then end to end through
:func:`feedsmith.feeds` on small Hugo and Jekyll sites, read back with
feedparser, with the real :class:`Links`.
"""

from __future__ import annotations

import textwrap
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest
from conftest import write_tree as write
from hypothesis import given, settings
from hypothesis import strategies as st

from feedsmith import feeds, load_config
from feedsmith.engine.cache import settings_fingerprint
from feedsmith.errors import SourceErrors
from feedsmith.pipeline.links import Query, Target
from feedsmith.pipeline.markdown import renderer
from feedsmith.pipeline.tags import MAX_PROBLEMS, Expanded, expand

SOURCE = "/site/_posts/2024-01-01-a.md"
ANSWERS = {
    ("jekyll-link", SOURCE, "_docs/history.md"): "https://ex.org/base/docs/history/",
    ("jekyll-post", SOURCE, "2024-01-01-first"): "https://ex.org/base/2024/first/",
    ("hugo-ref", SOURCE, "other"): "https://ex.org/blog/posts/other/",
    ("hugo-ref", SOURCE, "/posts/other.md#sec"): "https://ex.org/blog/posts/other/#sec",
}


class Asked:
    """``ask`` from a dict; every query is recorded."""

    def __init__(self) -> None:
        self.queries: list[Query] = []

    def __call__(self, query: Query) -> Target:
        self.queries.append(query)
        if query[0] == "site-url":
            return Target("https://ex.org/base/" + query[1].lstrip("/"))
        return Target(ANSWERS.get(query, "https://ex.org/unknown"))


def run(
    text: str, generator: str | None, unknown: str = "warn", **kwargs: object
) -> Expanded:
    done = expand(
        textwrap.dedent(text),
        generator,
        "markdown",
        Asked(),
        unknown,
        source=SOURCE,
        **kwargs,  # type: ignore[arg-type]
    )
    # Hugo's HTML as it would stand in the text: Markdown leaves it so
    return replace(done, text=done.restore(done.text), html=())


def html(text: str) -> lxml.html.HtmlElement:
    """Expanded Markdown, rendered as the body is."""
    return lxml.html.fragment_fromstring(renderer().render(text), "div")


def shown(text: str) -> str:
    """The visible text of expanded Markdown, whitespace normalised."""
    return " ".join(html(text).text_content().split())


# --- Jekyll ---


def test_jekyll_link_and_post_url_ask_links() -> None:
    done = run(
        "[h]({% link _docs/history.md %}#v3) [f]({% post_url 2024-01-01-first %})",
        "jekyll",
    )
    assert done.text == (
        "[h](https://ex.org/base/docs/history/#v3) [f](https://ex.org/base/2024/first/)"
    )
    assert done.problems == ()


def test_jekyll_highlight_is_a_code_block_with_jekylls_text() -> None:
    done = run(
        """\
        {% highlight ruby %}
        def x; "<b>" & 1 -- *y*; end

        z = 2
        {% endhighlight %}
        after
        """,
        "jekyll",
    )
    root = html(done.text)
    (code,) = root.iter("code")
    assert code.get("class") == "language-ruby"
    # Rouge's visible text: the lines as written, leading and trailing
    # newlines dropped (measured); no Markdown inside, a blank line too
    assert code.text_content() == 'def x; "<b>" & 1 -- *y*; end\n\nz = 2'
    assert root.xpath("//figure[@class='highlight']/pre/code")
    assert [p.text_content() for p in root.iter("p")] == ["after"]


def test_jekyll_highlight_linenos_shows_the_numbers_as_rouge_does() -> None:
    done = run(
        "{% highlight python linenos %}\na = 1\nb = 2\n{% endhighlight %}", "jekyll"
    )
    gutter, code = (pre.text_content() for pre in list(html(done.text).iter("pre"))[1:])
    assert (gutter, code) == ("1\n2\n", "a = 1\nb = 2\n")


def test_jekyll_raw_keeps_its_text_and_comment_hides_its_own() -> None:
    done = run(
        "A {% raw %}{{ x }} {% link y %}{% endraw %} B {% comment %}gone "
        "{% link z %}{% endcomment %}C",
        "jekyll",
    )
    assert done.text == "A {{ x }} {% link y %} B C"
    assert done.problems == ()


def test_jekyll_site_and_page_values_and_url_filters() -> None:
    done = run(
        "{{ site.url }} {{ site.baseurl }} {{ '/a.png' | relative_url }} "
        '{{ "b.png" | absolute_url }} {{ "https://o.org/x" | absolute_url }} '
        "{{ site.title }} {{ site.count }} {{ page.mood }} {{ page.missing }}|",
        "jekyll",
        page={"mood": "a <b> & c"},
        site={"title": "Field Notes", "count": 3},
    )
    # Liquid prints values as they are (Markdown reads them after), and an
    # undefined value as nothing; URLs are absolute: a feed has no page
    assert done.text == (
        "https://ex.org /base https://ex.org/base/a.png https://ex.org/base/b.png "
        "https://o.org/x Field Notes 3 a <b> & c |"
    )
    assert done.problems == ()


def test_jekyll_values_it_cannot_know_are_removed_with_a_warning() -> None:
    done = run(
        "a {{ page.title }} b {{ site.posts }} c {{ content }} d {{ x | upcase }}",
        "jekyll",
    )
    assert done.text == "a  b  c  d "
    assert [p.message for p in done.problems] == [
        "cannot render {{ page.title }} (the front matter is not known here): removed",
        "cannot render {{ site.posts }} (site.posts is computed by Jekyll): removed",
        "cannot render {{ content }} (content is not a value of the site or the "
        "page): removed",
        "cannot render {{ x | upcase }} (x is not a value of the site or the "
        "page): removed",
    ]


def test_jekyll_whitespace_control() -> None:
    assert run("a  {%- link _docs/history.md -%}  b", "jekyll").text == (
        "ahttps://ex.org/base/docs/history/b"
    )
    assert run("a\n{{- site.baseurl }}\n", "jekyll").text == "a/base\n"


def test_tags_in_code_are_rendered_as_jekyll_and_hugo_render_them() -> None:
    # measured: both tools read tags inside fenced, indented and inline code
    done = run(
        "```\n{{ site.x }}\n```\n\n    {{ site.x }}\n\n`{{ site.x }}`",
        "jekyll",
        site={"x": "v"},
    )
    assert done.text == "```\nv\n```\n\n    v\n\n`v`"
    done = run("```\n{{< param x >}}\n```", "hugo", site={"params": {"x": "v"}})
    assert done.text == "```\nv\n```"


def test_eleventy_reads_liquid_with_its_own_values() -> None:
    done = run(
        "{% raw %}{{ x }}{% endraw %} {{ title }} {{ '/a/' | url }} {% link x %}",
        "eleventy",
        page={"title": "T"},
    )
    assert done.text == "{{ x }} T https://ex.org/base/a/ "
    assert [p.message for p in done.problems] == [
        "unknown Eleventy tag {% link x %}: removed"
    ]


# --- Hugo ---


def test_hugo_ref_and_relref_ask_links() -> None:
    done = run(
        '[o]({{< ref "other" >}}) {{< relref path="/posts/other.md#sec" >}}', "hugo"
    )
    assert done.text == (
        "[o](https://ex.org/blog/posts/other/) https://ex.org/blog/posts/other/#sec"
    )


def test_hugo_figure_as_hugo_writes_it() -> None:
    done = run(
        '{{< figure src="lake.jpg" alt="A lake" caption="The **lake**" '
        'title="Lake title" link="https://l.org/" target="_blank" attr="Photo: X" '
        'attrlink="https://x.org" width="100" height="50" class="wide" >}}',
        "hugo",
    )
    # Hugo 0.168, whitespace aside
    assert done.text == (
        '<figure class="wide"><a href="https://l.org/" target="_blank">'
        '<img src="lake.jpg" alt="A lake" width="100" height="50"></a>'
        "<figcaption><h4>Lake title</h4><p>The <strong>lake</strong> "
        '<a href="https://x.org">Photo&#58; X</a></p></figcaption></figure>'
    )
    # as on Hugo's page, where nothing parts </h4> and <p> either
    assert shown(done.text) == "Lake titleThe lake Photo: X"


def test_hugo_figure_alt_comes_from_the_caption() -> None:
    done = run('Text {{< figure src="b.png" caption="Cap *em* & -- x" >}} on.', "hugo")
    root = html(done.text)
    assert root.xpath("//img/@alt") == ["Cap em & -- x"]
    assert root.xpath("//figcaption/p")[0].text_content() == "Cap em & -- x"
    assert [p.text_content().split()[0] for p in root.xpath("/div/p")] == ["Text"]


def test_hugo_highlight() -> None:
    done = run(
        '{{< highlight go "linenos=table,hl_lines=2" >}}\npackage main\n'
        "func x() {}\n{{< /highlight >}}\n\n"
        '{{< highlight python >}}\na = "<b>" -- *x*\n\nb\n{{< /highlight >}}',
        "hugo",
    )
    pre = [p.text_content() for p in html(done.text).iter("pre")]
    assert pre == ["1\n2\n", "package main\nfunc x() {}", 'a = "<b>" -- *x*\n\nb']
    assert html(done.text).xpath("//code/@class") == ["language-go", "language-python"]


def test_hugo_videos_and_gists_are_links() -> None:
    done = run(
        '{{< youtube dQw4w9WgXcQ >}} {{< youtube id=abc title="Mine" >}} '
        "{{< vimeo 146022717 >}} {{< gist spf13 7896402 >}}",
        "hugo",
    )
    root = html(done.text)
    assert root.xpath("//a/@href") == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=abc",
        "https://vimeo.com/146022717",
        "https://gist.github.com/spf13/7896402",
    ]
    assert root.xpath("//img/@src") == [
        "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
        "https://i.ytimg.com/vi/abc/hqdefault.jpg",
    ]
    assert root.xpath("//img/@alt") == ["YouTube video", "Mine"]


def test_hugo_details_renders_its_inside_as_markdown() -> None:
    done = run(
        """\
        {{< details summary="More *here*" open=true >}}
        Inner **bold** {{< param x >}}
        {{< /details >}}
        """,
        "hugo",
        site={"params": {"x": "v"}},
    )
    root = html(done.text)
    (details,) = root.iter("details")
    assert details.get("open") is not None
    assert details.find("summary").text_content() == "More here"
    assert details.find("p").text_content() == "Inner bold v"


def test_hugo_param_from_the_page_then_the_site() -> None:
    done = run(
        '{{< param Mood >}} {{< param "nested.deep" >}} {{< param title >}} '
        "{{< param color >}} {{% param x %}} {{< param missing >}}|",
        "hugo",
        page={"title": "Page", "mood": "a & b", "params": {"color": "red"}},
        site={"params": {"nested": {"deep": "deep"}, "color": "blue", "x": "*y*"}},
    )
    assert shown(done.text) == "a & b deep Page red y |"
    assert [(p.line, p.message) for p in done.problems] == [
        (
            1,
            "{{< param missing >}}: missing is not in the front matter or the "
            "site's params",
        )
    ]


def test_hugo_escape_shows_the_shortcode_as_written() -> None:
    done = run('{{</* figure src="x" */>}} and {{%/* ref "x" */%}}', "hugo")
    assert done.text == '{{< figure src="x" >}} and {{% ref "x" %}}'
    assert done.problems == ()


def test_hugo_comment_and_nesting() -> None:
    done = run(
        "{{< comment >}}hidden {{< tabs >}}{{< /comment >}}"
        '{{< tabs >}}{{< tab "One" >}}first {{< ref "other" >}}{{< /tab >}}'
        "{{< /tabs >}}",
        "hugo",
    )
    assert done.text == "first https://ex.org/blog/posts/other/"
    assert [p.message for p in done.problems] == [
        "unknown Hugo shortcode {{< tabs >}}: removed",  # inside the comment
        'unknown Hugo shortcode {{< tab "One" >}}: removed with its {{< /tab >}}, '
        "the text between kept",
        "unknown Hugo shortcode {{< tabs >}}: removed with its {{< /tabs >}}, the "
        "text between kept",
    ]


# --- Pelican, Zola, mkdocs, own rules ---


def test_pelican_tags_are_unknown_and_its_outputs_text() -> None:
    done = run("{% notebook x.ipynb cells[1:] %}\n\n{{ stays }}", "pelican")
    assert done.text == "\n\n{{ stays }}"
    assert [(p.line, p.message) for p in done.problems] == [
        (1, "unknown Pelican tag {% notebook x.ipynb cells[1:] %}: removed")
    ]


def test_zola_shortcodes_are_unknown_their_bodies_kept() -> None:
    done = run(
        "{{ youtube(id='x') }} {% quote(author=\"A\") %}Words{% end %} "
        "{{ plain }} {%/* note() */%}",
        "zola",
    )
    assert done.text == " Words {{ plain }} {% note() %}"
    assert [p.message for p in done.problems] == [
        "unknown Zola shortcode {{ youtube(id='x') }}: removed",
        'unknown Zola shortcode {% quote(author="A") %}: removed with its '
        "{% end %}, the text between kept",
    ]


@pytest.mark.parametrize("generator", [None, "mkdocs"])
def test_no_template_engine_leaves_tags_as_written(generator: str | None) -> None:
    text = "{% link x %} {{< ref y >}} {{ z }}"
    assert run(text, generator) == Expanded(text)


def test_a_body_with_no_brace_asks_nothing() -> None:
    asked = Asked()
    text = "word " * 1000
    assert expand(text, "hugo", "markdown", asked).text is text
    assert asked.queries == []


# --- unknown tags, unclosed tags, lines ---

UNKNOWN = {
    "jekyll": (
        "a\n{% tabs %}\nkept\n{% endtabs %}\n{% include x.html %}\n",
        "a\n\nkept\n\n\n",
    ),
    "hugo": ("a\n{{< tabs >}}\nkept\n{{< /tabs >}}\n{{< x >}}\n", "a\n\nkept\n\n\n"),
}


@pytest.mark.parametrize("generator", UNKNOWN)
def test_unknown_tags_in_each_mode(generator: str) -> None:
    text, expected = UNKNOWN[generator]
    warned = run(text, generator, "warn")
    assert warned.text == expected
    assert [(p.line, p.error) for p in warned.problems] == [(2, False), (5, False)]
    assert "the text between kept" in warned.problems[0].message
    errors = run(text, generator, "error")
    assert [(p.line, p.error) for p in errors.problems] == [(2, True), (5, True)]
    assert run(text, generator, "keep") == Expanded(text)


@pytest.mark.parametrize(
    ("generator", "text", "expected", "message"),
    [
        ("jekyll", "x\n{% highlight ruby %}\ny", "x\n\ny", "has no {% endhighlight %}"),
        ("jekyll", "x\n{% raw %}\n{{ site.a }}", "x\n\nA", "has no {% endraw %}"),
        ("jekyll", "x\n{% link y", "x\n link y", "{% with no %}"),
        ("jekyll", "x\n{% endhighlight %}y", "x\ny", "has no {% highlight %}"),
        ("hugo", 'x\n{{< details summary="s" >}}y', "x\ny", "is never closed"),
        ("hugo", "x\n{{< figure src=x", "x\n figure src=x", "with no >}}"),
        ("hugo", 'x\n{{< figure src="x >}}', "x\n", "cannot read"),
    ],
)
def test_unclosed_tags_are_a_problem_at_their_line(
    generator: str, text: str, expected: str, message: str
) -> None:
    done = run(text, generator, site={"a": "A"})
    assert done.text == expected
    assert len(done.problems) == 1
    assert done.problems[0].line == 2
    assert message in done.problems[0].message


def test_problems_past_the_limit_are_counted_on_one_line() -> None:
    done = run("{% x %}\n" * (MAX_PROBLEMS + 5), "jekyll")
    assert len(done.problems) == MAX_PROBLEMS + 1
    assert done.problems[-1].message == ("5 more template tag problems after this line")


def test_a_megabyte_of_tags_is_fast() -> None:
    words = "Some words of a paragraph, as an article has them. " * 5
    chunk = words + (
        "Words {{ site.url }} [l]({% link _docs/history.md %}) {% foo %}x{% endfoo %}"
        "\n{% highlight ruby %}\nx = 1\n{% endhighlight %}\n"
    )
    hugo = words + (
        'Words {{< ref "other" >}} {{< figure src="a.png" caption="c *d*" >}} '
        "{{< tabs >}}t{{< /tabs >}}\n{{< highlight go >}}\nx\n{{< /highlight >}}\n"
    )
    for generator, text in (("jekyll", chunk), ("hugo", hugo)):
        body = text * (1_000_000 // len(text))
        began = time.perf_counter()
        done = expand(body, generator, "markdown", Asked(), source=SOURCE)
        assert time.perf_counter() - began < 1.0  # 0.1 s on a quiet machine
        assert len(done.problems) == MAX_PROBLEMS + 1  # tabs and foo: unknown
        assert "{%" not in done.text and "{{<" not in done.text


# --- any text ---

TAGS = [
    "{% link a.md %}", "{% highlight x %}", "{% endhighlight %}", "{% foo %}",
    "{% endfoo %}", "{{ site.url }}", "{{ page.x }}", "{{< figure src=a >}}",
    "{{< details >}}", "{{< /details >}}", "{{< tabs >}}", "{{< /tabs >}}",
    "{{% param x %}}", "{{< ref a >}}", "{{ yt(id=1) }}", "{% q() %}", "{% end %}",
]  # fmt: skip
PARTS = st.lists(
    st.sampled_from([*TAGS, "{", "{{", "{%", "}}", "%}", ">}}", "<", "\n", "a", " "]),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(PARTS, st.sampled_from(["jekyll", "hugo", "zola", "pelican", "eleventy"]))
def test_no_recognised_tag_survives(parts: list[str], generator: str) -> None:
    text = "".join(parts)
    done = run(text, generator, page={"x": "1"}, site={"params": {"x": "1"}})
    lines = text.count("\n") + 1
    assert all(1 <= problem.line <= lines for problem in done.problems)
    for tag in TAGS:
        if tag not in text:
            continue
        if tag in done.text:  # only when it was not read as a tag
            assert not _read_as_tag(tag, generator), (tag, text, done.text)


def _read_as_tag(tag: str, generator: str) -> bool:
    done = run(tag, generator, page={"x": "1"}, site={"params": {"x": "1"}})
    return done.text != tag


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from(["jekyll", "hugo", "zola", "pelican", "eleventy"]))
def test_any_text_expands(text: str, generator: str) -> None:
    for unknown in ("warn", "error", "keep"):
        done = expand(text, generator, "markdown", Asked(), unknown)
        lines = text.count("\n") + 1
        assert all(1 <= problem.line <= lines for problem in done.problems)


# --- end to end ---

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def build(
    tmp_path: Path, site: Path, more: str = ""
) -> tuple[dict[str, str], list[str]]:
    """Each item's content by its link, from the Atom feed, and the
    warnings as the CLI prints them."""
    config = tmp_path / "config.yaml"
    config.write_text(f"from: {site}\noutput: {tmp_path / 'feeds'}\n{more}", "utf-8")
    loaded = load_config(config)
    output = feeds(loaded, NOW)
    feed = feedparser.parse(output.files[loaded.output / "atom.xml"])
    contents = {entry.link: entry.content[0].value for entry in feed.entries}
    return contents, [str(warning) for warning in output.warnings]


def test_hugo_site_end_to_end(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "hugo.toml": 'baseURL = "https://example.org/blog/"\ntitle = "t"\n'
            '[params]\ncolor = "blue"\n',
            "content/posts/other.md": "---\ntitle: Other\ndate: 2024-01-01\n---\nx\n",
            "content/posts/lake/index.md": """
                ---
                title: Lake
                date: 2024-01-02
                ---
                See [other]({{< ref "other" >}}), in {{< param color >}}.

                {{< figure src="lake.jpg" caption="The **lake**" >}}

                {{< tabs >}}
                Tab words.
                {{< /tabs >}}
                """,
            "content/posts/lake/lake.jpg": "jpg\n",
        },
    )
    contents, warnings = build(tmp_path, site)
    root = lxml.html.fragment_fromstring(
        contents["https://example.org/blog/posts/lake/"], "div"
    )
    assert root.xpath("//a/@href") == ["https://example.org/blog/posts/other/"]
    assert root.xpath("//figure/img/@src") == [
        "https://example.org/blog/posts/lake/lake.jpg"
    ]
    assert root.xpath("//figure/img/@alt") == ["The lake"]
    text = " ".join(root.text_content().split())
    assert text == "See other, in blue. The lake Tab words."
    index = site / "content" / "posts" / "lake" / "index.md"
    assert warnings == [
        f"{index}:9: warning: unknown Hugo shortcode {{{{< tabs >}}}}: removed "
        "with its {{< /tabs >}}, the text between kept"
    ]


def test_a_site_param_is_part_of_the_cache_fingerprint(tmp_path: Path) -> None:
    def fingerprint(color: str) -> str:
        site = write(
            tmp_path / "site",
            {
                "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "t"\n'
                f'[params]\ncolor = "{color}"\n',
                "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n",
            },
        )
        config = tmp_path / "config.yaml"
        config.write_text(f"from: {site}\n", "utf-8")
        return settings_fingerprint(load_config(config))

    assert fingerprint("blue") != fingerprint("red")


def test_unknown_tags_error_stops_the_build_naming_each(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "t"\n',
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
            "x\n{{< tabs >}}\n",
        },
    )
    with pytest.raises(SourceErrors) as raised:
        build(tmp_path, site, "content:\n  unknown_tags: error\n")
    path = site / "content" / "posts" / "a.md"
    assert [str(error) for error in raised.value.errors] == [
        f"{path}:6: unknown Hugo shortcode {{{{< tabs >}}}}: removed"
    ]


def test_jekyll_site_end_to_end(tmp_path: Path) -> None:
    site = write(
        tmp_path / "site",
        {
            "_config.yml": "url: https://ex.org\nbaseurl: /base\ntitle: T\n"
            "author: Ann\n",
            "_posts/2024-01-01-first.md": "---\ntitle: First\n---\nFirst.\n",
            "_posts/2024-01-02-second.md": """
                ---
                title: Second
                ---
                [first]({% post_url 2024-01-01-first %}) by {{ site.author }}
                ![logo]({{ "/assets/logo.png" | relative_url }})

                {% highlight ruby %}
                puts "<b>"
                {% endhighlight %}

                {% notebook x.ipynb %}
                """,
            "assets/logo.png": "png\n",
        },
    )
    contents, warnings = build(tmp_path, site)
    root = lxml.html.fragment_fromstring(
        contents["https://ex.org/base/2024/01/02/second.html"], "div"
    )
    assert root.xpath("//a/@href") == ["https://ex.org/base/2024/01/01/first.html"]
    assert root.xpath("//img/@src") == ["https://ex.org/base/assets/logo.png"]
    assert root.xpath("//pre/code")[0].text_content() == 'puts "<b>"'
    assert root.xpath("//p")[0].text_content().split() == ["first", "by", "Ann"]
    post = site / "_posts" / "2024-01-02-second.md"
    assert warnings == [
        f"{post}:11: warning: unknown Jekyll tag {{% notebook x.ipynb %}}: removed"
    ]


def test_page_values_come_from_the_front_matter_in_pipeline_and_engine(
    tmp_path: Path,
) -> None:
    """``{{< param >}}`` and ``{{ page.x }}`` read the article's own front
    matter, whether the pipeline or the engine (from its cache or its
    workers) renders the body."""
    from feedsmith import publish

    site = write(
        tmp_path / "site",
        {
            "hugo.toml": 'baseURL = "https://example.org/"\ntitle = "t"\n'
            '[params]\nmood = "site-wide"\n',
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\nmood: calm\n"
            "---\nFeeling {{< param mood >}}.\n",
        },
    )
    contents, warnings = build(tmp_path, site)
    assert "Feeling calm." in contents["https://example.org/posts/a/"]
    assert warnings == []
    config = load_config(tmp_path / "config.yaml")
    expected = feeds(config, NOW).files
    for _ in range(2):  # rendered, then from the cache
        publish(config, NOW)
        assert {path: path.read_bytes() for path in expected} == expected


def test_a_pelican_link_target_with_a_space_is_a_link_as_pelican_makes_it() -> None:
    """Python-Markdown (Pelican's) links ``({author}Ada Miner)``; CommonMark
    needs angle brackets, which feedsmith adds for Pelican's own forms only."""
    done = run(
        '[Ada]({author}Ada Miner) and [t]({filename}a b.md "Title") '
        "and [x](not pelican)",
        "pelican",
    )
    assert done.text == (
        '[Ada](<{author}Ada Miner>) and [t]({filename}a b.md "Title") '
        "and [x](not pelican)"
    )


@pytest.mark.parametrize("unsafe", [None, False, True])
def test_hugo_leaves_out_raw_html_unless_unsafe_but_keeps_shortcode_html(
    tmp_path: Path, unsafe: bool | None
) -> None:
    """Goldmark's default (measured with Hugo 0.168): raw HTML written in
    Markdown is left out; a shortcode's HTML goes in after Markdown, so it
    stays either way."""
    goldmark = (
        ""
        if unsafe is None
        else f"[markup.goldmark.renderer]\nunsafe = {str(unsafe).lower()}\n"
    )
    site = write(
        tmp_path / "site",
        {
            "hugo.toml": f'baseURL = "https://example.org/"\ntitle = "t"\n{goldmark}',
            "content/posts/a.md": "---\ntitle: A\ndate: 2024-01-01\n---\n"
            'Before <span class="x">inline</span> after.\n\n<div>Block</div>\n\n'
            '{{< figure src="x.png" caption="Cap" >}}\n\nEnd.\n',
        },
    )
    contents, _ = build(tmp_path, site)
    root = lxml.html.fragment_fromstring(
        contents["https://example.org/posts/a/"], "div"
    )
    text = " ".join(root.text_content().split())
    if unsafe:
        assert text == "Before inline after. Block Cap End."
        assert root.xpath("//span/text()") == ["inline"]
    else:
        assert text == "Before inline after. Cap End."
        assert root.xpath("//span") == []
    assert root.xpath("/div/figure/img/@src") == ["https://example.org/posts/a/x.png"]


def test_hugo_shortcode_html_inside_another_is_put_back_whole() -> None:
    done = expand(
        '{{< details summary="S" >}}\nSee {{< figure src="a.png" >}} here\n'
        "{{< /details >}}\n",
        "hugo",
        "markdown",
        Asked(),
        source=SOURCE,
    )
    root = lxml.html.fragment_fromstring(
        done.restore(renderer().render(done.text)), "div"
    )
    assert "FEEDSMITHHTML" not in lxml.html.tostring(root, encoding="unicode")
    assert root.xpath("//details/p/figure/img/@src") == ["a.png"]
