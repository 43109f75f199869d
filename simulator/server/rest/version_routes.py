"""The /crm routes of every API version, made from the versions table: one handler per endpoint, no copy per version.

Each route is its family's handler behind the version's credential rule (credentials.py); ROUTE_RULES keeps which
version and family each (method, path) is, for /openapi.json's security and the docs' table.
"""

from __future__ import annotations

from collections.abc import Iterator

from aiohttp import web

from simulator.hubspot.rest.objects import CALLS, OBJECT_TYPES
from simulator.hubspot.rest.record_properties import RECORD_KINDS
from simulator.server.rest import (
    associations,
    call_merge,
    call_upsert,
    calls,
    connection,
    objects,
    record_writes,
    recordings,
    transcripts,
)
from simulator.server.rest import settings as calling_settings
from simulator.server.rest.auth import RestHandler
from simulator.server.rest.credentials import guarded
from simulator.server.rest.custom_objects import custom
from simulator.server.rest.path_params import (
    APP_ID,
    CALL_TYPE_NAMES,
    CUSTOM_TYPE,
    FROM_OBJECT_TYPE,
    OBJECT_ID,
    TO_OBJECT_ID,
    TO_OBJECT_TYPE,
    TRANSCRIPT_ID,
)
from simulator.server.rest.versions import VERSIONS, ApiVersion, Family

Route = tuple[str, str, RestHandler]  # method, path, handler
RouteRules = dict[tuple[str, str], tuple[ApiVersion, Family]]
ROUTE_RULES = web.AppKey("rest_route_rules", RouteRules)


def _object_reads(prefix: str, version: ApiVersion) -> Iterator[Route]:
    for name in version.object_types:
        kind, base = OBJECT_TYPES[name], f"{prefix}/{name}"
        yield "GET", base, objects.list_handler(kind)
        yield "GET", f"{base}/{OBJECT_ID}", objects.get_handler(kind)
        yield "POST", f"{base}/search", objects.search_handler(kind)
        yield "POST", f"{base}/batch/read", objects.batch_read_handler(kind)
    if version.object_types != (CALLS.name,):  # the beta is the calls API alone
        base = f"{prefix}/{CUSTOM_TYPE}"
        yield "GET", base, custom(objects.list_handler)
        yield "GET", f"{base}/{OBJECT_ID}", custom(objects.get_handler)
        yield "POST", f"{base}/search", custom(objects.search_handler)
        yield "POST", f"{base}/batch/read", custom(objects.batch_read_handler)


def _call_writes(prefix: str, version: ApiVersion) -> Iterator[Route]:
    if CALLS.name not in version.object_types:
        return
    base = f"{prefix}/{CALLS.name}"
    yield "POST", base, calls.create_call
    yield "PATCH", f"{base}/{OBJECT_ID}", calls.update_call
    yield "DELETE", f"{base}/{OBJECT_ID}", calls.archive_call
    for action, handler in (("create", calls.batch_create), ("update", calls.batch_update),
                            ("archive", calls.batch_archive), ("upsert", call_upsert.batch_upsert)):  # fmt: skip
        yield "POST", f"{base}/batch/{action}", handler
    yield "POST", f"{base}/merge", call_merge.merge_calls
    yield "POST", f"{base}/gdpr-delete", call_merge.gdpr_delete


def _record_writes(prefix: str, version: ApiVersion) -> Iterator[Route]:
    for kind in RECORD_KINDS.values():
        if kind.name not in version.object_types:
            continue
        base = f"{prefix}/{kind.name}"
        yield "POST", base, record_writes.create_handler(kind)
        yield "PATCH", f"{base}/{OBJECT_ID}", record_writes.update_handler(kind)
        yield "DELETE", f"{base}/{OBJECT_ID}", record_writes.archive_handler(kind)
        yield "POST", f"{base}/batch/create", record_writes.batch_create_handler(kind)
        yield "POST", f"{base}/batch/update", record_writes.batch_update_handler(kind)
        yield "POST", f"{base}/batch/archive", record_writes.batch_archive_handler(kind)
        yield "POST", f"{base}/batch/upsert", record_writes.batch_upsert_handler(kind)


def _association_reads(prefix: str, version: ApiVersion) -> Iterator[Route]:
    if version.object_types == (CALLS.name,):  # the calls API alone (2026-09-beta): a call's associations only
        for name in CALL_TYPE_NAMES:
            yield "GET", f"{prefix}/{name}/{OBJECT_ID}/associations/{TO_OBJECT_TYPE}", associations.list_calls
        return
    yield (
        "GET",
        f"{prefix}/{FROM_OBJECT_TYPE}/{OBJECT_ID}/associations/{TO_OBJECT_TYPE}",
        associations.list_associations,
    )


def _association_writes(prefix: str, version: ApiVersion) -> Iterator[Route]:
    base = f"{prefix}/{FROM_OBJECT_TYPE}/{OBJECT_ID}/associations"
    yield "PUT", f"{base}/default/{TO_OBJECT_TYPE}/{TO_OBJECT_ID}", associations.put_default
    yield "PUT", f"{base}/{TO_OBJECT_TYPE}/{TO_OBJECT_ID}", associations.put_labelled
    yield "DELETE", f"{base}/{TO_OBJECT_TYPE}/{TO_OBJECT_ID}", associations.delete


def _association_batches(prefix: str, version: ApiVersion) -> Iterator[Route]:
    base = f"{prefix}/{FROM_OBJECT_TYPE}/{TO_OBJECT_TYPE}/batch"
    yield "POST", f"{base}/create", associations.batch_create
    yield "POST", f"{base}/associate/default", associations.batch_default
    yield "POST", f"{base}/read", associations.batch_read
    yield "POST", f"{base}/archive", associations.batch_archive
    yield "POST", f"{base}/labels/archive", associations.batch_archive_labels


def _settings(prefix: str, version: ApiVersion) -> Iterator[Route]:
    for kind in (calling_settings.CALLING, calling_settings.CHANNEL, calling_settings.RECORDING):
        path = f"{prefix}/{APP_ID}/settings{kind.suffix}"
        yield "GET", path, kind.get
        yield "POST", path, kind.create
        yield "PATCH", path, kind.update
        if kind is not calling_settings.RECORDING:  # HubSpot has no DELETE for recording settings
            yield "DELETE", path, kind.delete


def _inbound_call(prefix: str, version: ApiVersion) -> Iterator[Route]:
    yield "POST", f"{prefix}/inbound-call", calling_settings.inbound_call


def _recording_ready(prefix: str, version: ApiVersion) -> Iterator[Route]:
    yield "POST", f"{prefix}/recordings/ready", recordings.recording_ready


def _transcripts(prefix: str, version: ApiVersion) -> Iterator[Route]:
    yield "POST", f"{prefix}/transcripts", transcripts.create_transcript
    yield "GET", f"{prefix}/transcripts/{TRANSCRIPT_ID}", transcripts.get_transcript
    yield "DELETE", f"{prefix}/transcripts/{TRANSCRIPT_ID}", transcripts.delete_transcript


def _connection(prefix: str, version: ApiVersion) -> Iterator[Route]:
    yield "GET", prefix, connection.statuses
    yield "GET", f"{prefix}/me", connection.me
    yield "POST", f"{prefix}/batch/read", connection.batch_read


FAMILY_ROUTES = {
    Family.OBJECT_READS: _object_reads,
    Family.CALL_WRITES: _call_writes,
    Family.RECORD_WRITES: _record_writes,
    Family.ASSOCIATION_READS: _association_reads,
    Family.ASSOCIATION_WRITES: _association_writes,
    Family.ASSOCIATION_BATCHES: _association_batches,
    Family.SETTINGS: _settings,
    Family.INBOUND_CALL: _inbound_call,
    Family.RECORDING_READY: _recording_ready,
    Family.TRANSCRIPTS: _transcripts,
    Family.CONNECTION: _connection,
}


def version_routes(version: ApiVersion) -> Iterator[tuple[Family, Route]]:
    """Every route `version` serves, with its family."""
    for family, prefix in version.paths.items():
        for route in FAMILY_ROUTES[family](prefix, version):
            yield family, route


def setup(app: web.Application) -> None:
    """Register every version's routes, each behind its credential rule."""
    rules: RouteRules = {}
    for version in VERSIONS:
        for family, (method, path, handler) in version_routes(version):
            checked = guarded(handler, version, family)
            if method == "GET":
                app.router.add_get(path, checked)  # and HEAD, as aiohttp's add_get always did here
            else:
                app.router.add_route(method, path, checked)
            rules[(method, path)] = (version, family)
    app[ROUTE_RULES] = rules
