"""Safe YAML loading shared by the config and front matter.

Uses libyaml's C parser when PyYAML was built with it (several times faster)
and never constructs Python objects. Timestamps stay text: PyYAML would turn
``2024-02-30`` into an uncaught ``ValueError`` and ``2024-01-05 10:00`` into a
naive datetime, while :func:`feedsmith.dates.parse` handles both with a clear
message and the site's zone.
"""

from __future__ import annotations

from typing import ClassVar

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _TextDatesLoader(_BaseLoader):
    yaml_implicit_resolvers: ClassVar = {
        first: [rule for rule in rules if rule[0] != _TIMESTAMP]
        for first, rules in _BaseLoader.yaml_implicit_resolvers.items()
    }


def load(text: str) -> object:
    """Parse one YAML document; raises ``yaml.YAMLError`` on bad input."""
    return yaml.load(text, Loader=_TextDatesLoader)
