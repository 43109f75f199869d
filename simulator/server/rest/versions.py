"""HubSpot's API versions as data: per version, the path families it serves, the credentials each takes, id widths.

The routes (version_routes.py), the credential checks (credentials.py), the 404 hints (errors.py) and /openapi.json
all read this table, so a version is added here and nowhere else. From HubSpot's developer docs (issue 19):
- `v3` and `2026-03`: the paths callsim has always served, with their credentials (settings: developer key;
  inbound-call and recordings/ready: key or token; the rest: token).
- `2025-09` and `2026-09`: the calling settings (and channel-connection, recording settings) take the developer key
  only; inbound-call, recordings/ready and transcripts take OAuth tokens, and `2026-09` private-app tokens too.
  Objects are on the generic `/crm/objects/{version}/{objectType}` paths.
- `2026-09-beta`: the calls API only.
- `v4`: the associations API (object-scoped paths and batches) as HubSpot's client libraries call it; the dated
  versions serve its object-scoped paths under their objects prefix (the beta: a call's list only).
`ObjectCoordinates.objectId` is an int32 in the dated 2025-09/2026-09 versions and an int64 in `v3`/`2026-03`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from simulator.hubspot.rest.fields import INT32_MAX, INT64_MAX


class Credential(StrEnum):
    """What a request may authenticate with. callsim's one access token stands for an OAuth and a private-app token."""

    DEVELOPER_KEY = "the developer API key (`?hapikey=<key>`)"
    OAUTH = "an OAuth access token (`Authorization: Bearer <token>`)"
    PRIVATE_APP = "a private app's access token (`Authorization: Bearer <token>`)"


class Family(StrEnum):
    """A group of endpoints that share a path prefix and a credential rule within one version."""

    OBJECT_READS = "objects reads (list, get, search, batch read)"
    CALL_WRITES = "calls writes (create, update, archive, batch create/update/archive/upsert, merge, GDPR delete)"
    RECORD_WRITES = "contacts and companies writes (create, update, archive, batch create/update/archive/upsert)"
    ASSOCIATION_READS = "associations of one object (list)"
    ASSOCIATION_WRITES = "associations between two objects (default, labelled, remove)"
    ASSOCIATION_BATCHES = "associations in batches (create, associate default, read, archive, archive labels)"
    SETTINGS = "calling settings, channel-connection and recording settings"
    INBOUND_CALL = "inbound-call"
    RECORDING_READY = "recordings/ready"
    TRANSCRIPTS = "transcripts"
    CONNECTION = "connection statuses"


KEY = frozenset({Credential.DEVELOPER_KEY})
OAUTH = frozenset({Credential.OAUTH})
TOKEN = frozenset({Credential.OAUTH, Credential.PRIVATE_APP})
KEY_OR_TOKEN = KEY | TOKEN
OBJECT_TYPES = ("calls", "contacts", "companies")  # the object types callsim serves (custom objects: not yet)


@dataclass(frozen=True)
class ApiVersion:
    """One version: `paths` maps each family it serves to that family's path prefix."""

    name: str
    paths: Mapping[Family, str]
    credentials: Mapping[Family, frozenset[Credential]]
    object_types: tuple[str, ...] = OBJECT_TYPES
    coordinates_id_max: int = INT64_MAX  # ObjectCoordinates.objectId's upper bound

    def prefix(self, family: Family) -> str | None:
        return self.paths.get(family)

    def accepted(self, family: Family) -> frozenset[Credential]:
        return self.credentials[family]


def _calling(objects: str, calling: str) -> dict[Family, str]:
    return {Family.OBJECT_READS: objects, Family.CALL_WRITES: objects, Family.RECORD_WRITES: objects,
            Family.ASSOCIATION_READS: objects, Family.ASSOCIATION_WRITES: objects, Family.SETTINGS: calling,
            Family.INBOUND_CALL: calling, Family.RECORDING_READY: calling, Family.TRANSCRIPTS: calling}  # fmt: skip


_CLASSIC = {Family.OBJECT_READS: TOKEN, Family.CALL_WRITES: TOKEN, Family.RECORD_WRITES: TOKEN,
            Family.ASSOCIATION_READS: TOKEN, Family.ASSOCIATION_WRITES: TOKEN, Family.ASSOCIATION_BATCHES: TOKEN,
            Family.SETTINGS: KEY,
            Family.INBOUND_CALL: KEY_OR_TOKEN, Family.RECORDING_READY: KEY_OR_TOKEN, Family.TRANSCRIPTS: TOKEN,
            Family.CONNECTION: TOKEN}  # fmt: skip


def _dated(calling_tokens: frozenset[Credential]) -> dict[Family, frozenset[Credential]]:
    return {**_CLASSIC, Family.INBOUND_CALL: calling_tokens, Family.RECORDING_READY: calling_tokens,
            Family.TRANSCRIPTS: calling_tokens}  # fmt: skip


# v3's own (older) associations API is not served; v4's is.
_V3_PATHS: dict[Family, str] = {
    family: prefix
    for family, prefix in _calling("/crm/v3/objects", "/crm/v3/extensions/calling").items()
    if family not in (Family.ASSOCIATION_READS, Family.ASSOCIATION_WRITES)
}
V3 = ApiVersion(
    "v3",
    {**_V3_PATHS, Family.CONNECTION: "/crm/extensions/calling/v3/connection-statuses"},
    _CLASSIC,
)  # fmt: skip
# The associations API as HubSpot's client libraries call it (v3 has its own, older associations API: not served).
V4 = ApiVersion(
    "v4",
    {Family.ASSOCIATION_READS: "/crm/v4/objects", Family.ASSOCIATION_WRITES: "/crm/v4/objects",
     Family.ASSOCIATION_BATCHES: "/crm/v4/associations"},
    _CLASSIC,
)  # fmt: skip
VERSIONS: tuple[ApiVersion, ...] = (
    V3,
    V4,
    ApiVersion(
        "2025-09",
        _calling("/crm/objects/2025-09", "/crm/extensions/calling/2025-09"),
        _dated(OAUTH),
        coordinates_id_max=INT32_MAX,
    ),  # fmt: skip
    ApiVersion("2026-03", _calling("/crm/objects/2026-03", "/crm/extensions/calling/2026-03"), _CLASSIC),
    ApiVersion(
        "2026-09",
        _calling("/crm/objects/2026-09", "/crm/extensions/calling/2026-09"),
        _dated(TOKEN),
        coordinates_id_max=INT32_MAX,
    ),  # fmt: skip
    ApiVersion(
        "2026-09-beta",
        {
            Family.OBJECT_READS: "/crm/objects/2026-09-beta",
            Family.CALL_WRITES: "/crm/objects/2026-09-beta",
            Family.ASSOCIATION_READS: "/crm/objects/2026-09-beta",
        },
        {Family.OBJECT_READS: TOKEN, Family.CALL_WRITES: TOKEN, Family.ASSOCIATION_READS: TOKEN},
        object_types=("calls",),
        coordinates_id_max=INT32_MAX,
    ),
)
BY_NAME = {version.name: version for version in VERSIONS}


def twins() -> list[tuple[str, str]]:
    """(a dated version's prefix, the v3 prefix of the same family), for sharing v3's descriptions."""
    found = {}
    for version in VERSIONS:
        for family, prefix in version.paths.items():
            v3 = V3.prefix(family)
            if v3 is not None and prefix != v3:
                found[prefix + "/"] = v3 + "/"
    return sorted(found.items())


def hint(path: str) -> str:
    """For a 404: what the version a path names does serve, or which versions exist; "" when no version fits."""
    for version in VERSIONS:
        prefixes = sorted(set(version.paths.values()), key=len, reverse=True)
        for prefix in prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                families = "; ".join(f"{f.value} under {p}" for f, p in version.paths.items())
                return f" Version {version.name} serves {families}; object types: {', '.join(version.object_types)}."
    for base in ("/crm/objects/", "/crm/extensions/calling/"):
        if path.startswith(base):
            names = ", ".join(v.name for v in VERSIONS)
            return f" callsim serves the versions {names} (docs/rest-api.md lists every endpoint per version)."
    return ""


def coordinates_id_error(version: ApiVersion, value: int) -> str | None:
    """Why `value` cannot be this version's ObjectCoordinates.objectId, or None when it fits."""
    if 0 <= value <= version.coordinates_id_max:
        return None
    width = "int32" if version.coordinates_id_max == INT32_MAX else "int64"
    return f"objectId must be an {width} in version {version.name} (0 to {version.coordinates_id_max}), got {value}"
