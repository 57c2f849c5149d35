"""Pelican: read a Pelican site's settings and place its articles as
Pelican 4.12 does.

Every rule is measured and written down in ``docs/profiles/pelican.md``;
its tables are the tests (``tests/test_profile_pelican.py``). Nothing of
the site is executed.

- :mod:`.settings` reads ``publishconf.py`` (else ``pelicanconf.py``) with
  :mod:`ast`, each setting with the file and line that set it;
- :mod:`.keys` turns them into the ``config.yaml`` keys they fill;
- :mod:`.options` checks the settings the rules read, and lists them for
  ``--explain``; :mod:`.paths` says which files are articles;
- :mod:`.rules` places each article, :mod:`.article` makes its dates, URL
  and slug, :mod:`.metadata` merges its metadata as Pelican does, and
  :mod:`.urls` makes its link and feed id;
- :mod:`.slugs` holds ``slugify``, and :mod:`.spelling` Unidecode's
  spelling of the characters feedsmith can spell.
"""

from __future__ import annotations

from pathlib import Path

from feedsmith.sites import Profile
from feedsmith.sites.pelican.keys import config_keys
from feedsmith.sites.pelican.options import refuse_plugins, rule_settings, rules_of
from feedsmith.sites.pelican.paths import content_folder, exclusions
from feedsmith.sites.pelican.settings import Settings
from feedsmith.sites.pelican.slugs import slugify
from feedsmith.sites.pelican.spelling import Untransliterable, transliterate

__all__ = ["Untransliterable", "read", "slugify", "transliterate"]


def read(root: Path) -> Profile:
    """The profile of the Pelican site in ``root``."""
    conf = Settings(root)
    refuse_plugins(conf)
    content = content_folder(root, conf)
    rules = rules_of(conf, content)
    settings = config_keys(conf, rules, content)
    exclude = exclusions(conf)
    return Profile(
        "pelican", root, settings, exclude, rules, rule_settings(conf, rules)
    )
