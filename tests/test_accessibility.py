"""The pages people open, audited by axe-core (the accessibility engine
browsers' own audit tools run) in Chromium: ``index.html`` and the page
``feed.xsl`` makes of each feed must have no violations.

axe-core comes from npm, pinned, into the real tools' cache: opt-in as
``tests/test_realtools.py`` (``FEEDSMITH_REAL_TOOLS=1``, which ``.ci/run``
sets for that step).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import browser
import lxml.html
import pytest
from conftest import REPO, run_cli
from lxml import etree

pytestmark = pytest.mark.skipif(
    os.environ.get("FEEDSMITH_REAL_TOOLS") != "1",
    reason="installs axe-core from npm: set FEEDSMITH_REAL_TOOLS=1",
)

AXE_VERSION = "4.14.1"
# Runs every rule axe has but the experimental ones, then writes what it
# found into the page, for --dump-dom to read back.
AUDIT = """
<script src="axe.min.js"></script>
<script>
axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
  var out = document.createElement("pre");
  out.id = "axe-violations";
  out.textContent = JSON.stringify(result.violations.map(function (v) {
    return {rule: v.id, impact: v.impact,
            where: v.nodes.map(function (n) { return n.target.join(" "); })};
  }));
  document.body.appendChild(out);
});
</script>
"""


def axe() -> Path:
    """axe.min.js of the pinned axe-core, from a cached npm install."""
    from realtools import cached

    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("axe-core comes from npm: npm is missing")

    def make(work: Path) -> None:
        (work / "package.json").write_text('{"name": "axe", "private": true}\n')
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts",
             "--save-exact", f"axe-core@{AXE_VERSION}"],
            cwd=work, check=True, capture_output=True, timeout=300,
        )  # fmt: skip

    home = cached(f"axe-core-{AXE_VERSION}", f"{AXE_VERSION}\n", make)
    return home / "node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample site's pages, each as the browser shows it (feeds through
    feed.xsl), with the audit added: name -> HTML."""
    site = tmp_path_factory.mktemp("accessibility") / "site"
    site.mkdir()
    shutil.copy(REPO / "config.yaml", site)
    shutil.copytree(REPO / "sources", site / "sources")
    assert run_cli(site).returncode == 0
    output = site / "feeds"
    transform = etree.XSLT(etree.parse(output / "feed.xsl"))
    shown = {"index.html": (output / "index.html").read_text(encoding="utf-8")}
    for name in ("rss.xml", "atom.xml", "tags/geology/rss.xml"):
        shown[name] = str(transform(etree.parse(output / name)))
    return shown


@pytest.mark.parametrize(
    "name", ["index.html", "rss.xml", "atom.xml", "tags/geology/rss.xml"]
)
def test_no_accessibility_violations(pages, name, tmp_path):
    html = pages[name]
    assert html.count("</body>") == 1
    audited = tmp_path / "audited.html"
    audited.write_text(html.replace("</body>", AUDIT + "</body>"), encoding="utf-8")
    shutil.copy(axe(), tmp_path / "axe.min.js")
    with browser.static_server(tmp_path) as base:
        document = browser.dom(f"{base}audited.html", settle=10_000)
    found = lxml.html.document_fromstring(document).get_element_by_id("axe-violations")
    assert json.loads(found.text_content()) == []
