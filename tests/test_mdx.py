"""MDX posts: Markdown with its imports, exports and JSX components taken
out, each component named in a warning; and the other Markdown extensions."""

from __future__ import annotations

import feedparser
import pytest
from conftest import NOW

from feedsmith import feeds
from feedsmith.readers import read

POST = """\
---
title: Tabs in MDX
date: 2024-03-01
---
import Tabs from '@theme/Tabs';
import {
  Foo,
  Bar,
} from './components';

export const meta = {
  author: "x",
};

Intro with <span>html</span>, `<Tabs>` in code and a <Mark color="#25c2a0">marked</Mark> word.

{/* a comment
   over two lines */}

<Tabs groupId="os">
  <TabItem value="mac" label="macOS" default>
    Use **brew**.

    ```bash
    import this
    ```
  </TabItem>
</Tabs>

<Admonition type="note" title={`a > b`}>
Note text.
</Admonition>

<Foo bar={1 > 0} />

```jsx
<Tabs>kept in code</Tabs>
```
"""


def test_javascript_is_taken_out_and_the_text_kept(site):
    document = read(site.source("post.mdx", POST))
    assert document.meta == {"title": "Tabs in MDX", "date": "2024-03-01"}
    body = document.body.text
    for gone in ("import Tabs", "Foo,", "export", "author", "{/*", "groupId", "<Mark"):
        assert gone not in body
    assert "Intro with <span>html</span>, `<Tabs>` in code" in body
    assert "a marked word" in body
    # MDX has no indented code: text inside components loses its indentation
    assert "\nUse **brew**.\n\n```bash\nimport this\n```\n" in body
    assert "\nNote text.\n" in body
    assert "```jsx\n<Tabs>kept in code</Tabs>\n```" in body
    # lines keep their numbers
    assert body.count("\n") + document.body.line == POST.count("\n") + 1


def test_a_warning_per_component_at_its_line(site):
    document = read(site.source("post.mdx", POST))
    assert [(w.line, w.message) for w in document.warnings] == [
        (15, "MDX component <Mark> removed, its text kept"),
        (20, "MDX component <Tabs> removed, its text kept"),
        (21, "MDX component <TabItem> removed, its text kept"),
        (30, "MDX component <Admonition> removed, its text kept"),
        (34, "MDX component <Foo /> removed"),
    ]


def test_the_feed_carries_none_of_it(site):
    site.source("post.mdx", POST)
    output = feeds(site.load(), NOW)
    atom = feedparser.parse(output.files[site.root / "feeds" / "atom.xml"])
    (entry,) = atom.entries
    html = entry.content[0].value
    assert "<strong>brew</strong>" in html
    assert "<code>&lt;Tabs&gt;</code>" in html
    assert "Note text." in html and "marked word" in html
    assert "import Tabs" not in html and "TabItem" not in html and "{/*" not in html
    assert sum("MDX component" in w.message for w in output.warnings) == 5


def test_a_heading_after_the_imports_is_the_title(site):
    document = read(
        site.source("post.mdx", "import X from 'x';\n\n# The title\n\nText <X />.\n")
    )
    assert document.meta["title"] == "The title"
    assert document.body.text.strip() == "Text ."


def test_sentences_that_start_like_statements_stay(site):
    text = "---\ntitle: t\n---\nimport the data first.\n\nexport them later.\n"
    document = read(site.source("post.mdx", text))
    assert "import the data first." in document.body.text
    assert "export them later." in document.body.text
    assert document.warnings == ()


def test_an_unclosed_tag_is_left_as_written(site):
    document = read(site.source("post.mdx", "---\ntitle: t\n---\na <B c='d' e\n"))
    assert "<B c='d' e" in document.body.text


@pytest.mark.parametrize("suffix", [".mkd", ".mdown", ".markdown"])
def test_other_markdown_extensions_are_markdown(site, suffix):
    document = read(site.source("post" + suffix, "---\ntitle: t\n---\n*Hi*\n"))
    assert document.meta == {"title": "t"}
    assert document.body.markup == "markdown"
