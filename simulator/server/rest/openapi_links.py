"""OpenAPI links in /openapi.json: from an object's create to reading, updating, associating and archiving it.

A tool that follows links (schemathesis' stateful runs, Postman flows) then drives real ids through
create → read → update → associate → archive in every version, instead of ids nobody created (404s only).
"""

from __future__ import annotations

import copy
from typing import Any

ID = "$response.body#/id"
# Where each kind's new object is associated to (a fixture record that accepts it: contact 81 has no company yet).
ASSOCIATE_TO = {"calls": ("contacts", "51"), "contacts": ("companies", "77"), "companies": ("contacts", "81")}
V4_DEFAULT = "/crm/v4/objects/{fromObjectType}/{objectId}/associations/default/{toObjectType}/{toObjectId}"


def _ref(path: str, method: str) -> str:
    """A JSON pointer to an operation of the document (RFC 6901: `~` is `~0`, `/` is `~1`)."""
    return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method


def _targets(paths: dict[str, Any], collection: str) -> dict[str, dict[str, Any]]:
    """The links from an answer carrying one object of `collection` (`…/{kind}`) to what can be done with it."""
    kind = collection.rsplit("/", 1)[-1]
    one = f"{collection}/{{objectId}}"
    links: dict[str, dict[str, Any]] = {}
    for method, name in (("get", "Read"), ("patch", "Update"), ("delete", "Archive")):
        if method in paths.get(one, {}):
            links[f"{name}{kind.title()}"] = {"operationRef": _ref(one, method), "parameters": {"objectId": ID}}
    prefix = collection.rsplit("/", 1)[0]
    associate = f"{prefix}/{{fromObjectType}}/{{objectId}}/associations/default/{{toObjectType}}/{{toObjectId}}"
    if associate not in paths:
        associate = V4_DEFAULT  # v3 has no associations of its own: v4's take its ids
    if kind in ASSOCIATE_TO and "put" in paths.get(associate, {}):
        to_type, to_id = ASSOCIATE_TO[kind]
        links[f"Associate{kind.title()}"] = {"operationRef": _ref(associate, "put"), "parameters": {
            "fromObjectType": kind, "objectId": ID, "toObjectType": to_type, "toObjectId": to_id}}  # fmt: skip
    return links


def add_links(paths: dict[str, dict[str, Any]]) -> None:
    """Links on the success answers of every create, read and update of a single object (responses copied first:
    the operations' dicts are shared between versions)."""
    for path, entry in paths.items():
        methods: tuple[tuple[str, str], ...]
        if path.endswith("/{objectId}"):
            collection, methods = path.rsplit("/", 1)[0], (("get", "200"), ("patch", "200"))
        else:
            collection, methods = path, (("post", "201"),)
        if collection.rsplit("/", 1)[-1] not in ASSOCIATE_TO:
            continue
        for method, status in methods:
            if method not in entry or status not in entry[method].get("responses", {}):
                continue
            links = _targets(paths, collection)
            if links:
                operation = entry[method] = {**entry[method], "responses": copy.deepcopy(entry[method]["responses"])}
                operation["responses"][status]["links"] = links
