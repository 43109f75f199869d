"""docs/rest-api.md's "API versions and their credentials" table, rendered from the versions table and its routes.

tests/server/rest/test_version_table.py checks the docs carry exactly these rows, so the page cannot drift from the
router; `python -m simulator.server.rest.version_table` prints them to paste after a change.
"""

from __future__ import annotations

import re

from simulator.server.rest.version_routes import version_routes
from simulator.server.rest.versions import VERSIONS, Credential, Family

_PARAM = re.compile(r"\{(\w+)(?::[^{}]*)?\}")  # the patterns hold no braces (path_params.py)
HEADER = "| version | endpoints | credential |\n|---|---|---|"
_LABELS = {Credential.DEVELOPER_KEY: "key", Credential.OAUTH: "OAuth", Credential.PRIVATE_APP: "private app"}


def _camel(match: re.Match[str]) -> str:
    head, *rest = match[1].split("_")
    return "{" + head + "".join(word.title() for word in rest) + "}"


def _shown(path: str) -> str:
    """A route path as the docs write it: `{object_id:…regex…}` becomes `{objectId}`."""
    return _PARAM.sub(_camel, path)


def rows() -> list[str]:
    """One Markdown row per (version, family): its endpoints and the credentials it takes."""
    found: list[str] = []
    for version in VERSIONS:
        by_family: dict[Family, list[str]] = {}
        for family, (method, path, _) in version_routes(version):
            by_family.setdefault(family, []).append(f"`{method} {_shown(path)}`")
        for family, endpoints in by_family.items():
            accepted = version.accepted(family)
            credential = " or ".join(label for c, label in _LABELS.items() if c in accepted)
            found.append(f"| `{version.name}` | {family.value}: {'<br>'.join(endpoints)} | {credential} |")
    return found


def table() -> str:
    return "\n".join([HEADER, *rows()])


if __name__ == "__main__":
    print(table())
