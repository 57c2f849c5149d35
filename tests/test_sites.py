"""What every site profile shares: recognising the generator from its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from feedsmith.errors import ConfigError
from feedsmith.sites import GENERATORS, detect, read

SITES = Path(__file__).parent / "sites"


@pytest.mark.parametrize("generator", GENERATORS)
def test_each_sample_site_is_recognised(generator: str) -> None:
    assert detect(SITES / generator) == generator


@pytest.mark.parametrize(
    ("name", "text", "generator"),
    [
        ("config.toml", 'baseURL = "https://x.org/"\n', "hugo"),
        ("config.yaml", "baseURL: https://x.org/\n", "hugo"),
        ("config.toml", 'base_url = "https://x.org"\n', "zola"),
        ("_config.yml", "title: x\n", "jekyll"),
        ("pelicanconf.py", "SITEURL = ''\n", "pelican"),
        ("mkdocs.yml", "site_name: x\n", "mkdocs"),
        (".eleventy.js", "module.exports = {};\n", "eleventy"),
        ("eleventy.config.mjs", "export default {};\n", "eleventy"),
    ],
)
def test_detect_reads_the_config_files_name_and_keys(
    tmp_path: Path, name: str, text: str, generator: str
) -> None:
    (tmp_path / name).write_text(text)
    assert detect(tmp_path) == generator


def test_hugos_split_config_folder(tmp_path: Path) -> None:
    (tmp_path / "config" / "_default").mkdir(parents=True)
    assert detect(tmp_path) == "hugo"


def test_no_site_config_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no site config found"):
        detect(tmp_path)
    with pytest.raises(ConfigError, match="is not a folder"):
        detect(tmp_path / "missing")


def test_an_unknown_generator_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="expected one of hugo, jekyll"):
        read(tmp_path, "gatsby")
