"""The schemas of callsim's OpenAPI document (`components.schemas`), named as HubSpot's specs name them."""

from __future__ import annotations

from typing import Any

STRING: dict[str, Any] = {"type": "string"}
DATE_TIME: dict[str, Any] = {"type": "string", "format": "date-time"}
INT64: dict[str, Any] = {"type": "integer", "format": "int64", "minimum": 0}
BOOLEAN: dict[str, Any] = {"type": "boolean"}


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    """An object schema; `required` lists the fields always present."""
    schema: dict[str, Any] = {"type": "object", "properties": properties, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def array(items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "array", "items": items, **extra}


STRING_MAP: dict[str, Any] = {"type": "object", "additionalProperties": STRING}
PAGING = obj({"next": obj({"after": STRING, "link": STRING}, ("after",))})
ERROR_DETAIL = obj({"message": STRING, "in": STRING, "code": STRING, "subCategory": STRING,
                    "context": {"type": "object", "additionalProperties": array(STRING)}}, ("message",))  # fmt: skip
ASSOCIATION_SPEC = obj({"associationCategory": STRING, "associationTypeId": {"type": "integer"}})
ASSOCIATION_INPUT = obj({"to": obj({"id": STRING}, ("id",)), "types": array(ASSOCIATION_SPEC)}, ("to", "types"))
FILTER = obj(
    {"propertyName": STRING, "operator": STRING, "value": STRING, "highValue": STRING, "values": array(STRING)},
    ("propertyName", "operator"),
)
SPEAKER = obj({"id": STRING, "name": STRING, "email": STRING}, ("id", "name"))
SETTINGS_FIELDS: dict[str, Any] = {
    "name": STRING, "url": STRING, "height": {"type": "integer", "format": "int32"},
    "width": {"type": "integer", "format": "int32"}, "isReady": BOOLEAN, "supportsCustomObjects": BOOLEAN,
    "supportsInboundCalling": BOOLEAN, "usesCallingWindow": BOOLEAN, "usesRemote": BOOLEAN,
}  # fmt: skip
PHONE = obj({"e164Number": STRING, "extension": STRING, "phoneNumberType": STRING}, ("e164Number", "phoneNumberType"))


def batch_upsert(*id_properties: str) -> dict[str, Any]:
    """A batch upsert's body: inputs naming an object by one of `id_properties`."""
    entry = obj({"id": STRING, "idProperty": {"type": "string", "enum": list(id_properties)}, "properties": STRING_MAP,
                 "objectWriteTraceId": STRING}, ("id", "properties"))  # fmt: skip
    return obj({"inputs": array(entry, maxItems=100)}, ("inputs",))


def batch_response(result: str) -> dict[str, Any]:
    """A batch endpoint's answer: its results are `result` objects (HubSpot's BatchResponse… shapes)."""
    return obj(
        {
            "status": {"type": "string", "enum": ["PENDING", "PROCESSING", "CANCELED", "COMPLETE"]},
            "results": array(ref(result)),
            "startedAt": DATE_TIME,
            "completedAt": DATE_TIME,
            "numErrors": {"type": "integer"},
            "errors": array(ref("StandardError")),
        },
        ("status", "results", "startedAt", "completedAt"),
    )


OBJECT_ID = obj({"id": STRING}, ("id",))  # PublicObjectId
SCHEMAS: dict[str, Any] = {
    "Error": obj(
        {
            "status": STRING,
            "message": STRING,
            "correlationId": STRING,
            "category": STRING,
            "subCategory": STRING,
            "errors": array(ERROR_DETAIL),
            "context": {"type": "object", "additionalProperties": array(STRING)},
            "links": STRING_MAP,
        },
        ("message", "correlationId", "category"),
    ),  # fmt: skip
    "StandardError": obj(
        {
            "status": STRING,
            "category": STRING,
            "message": STRING,
            "errors": array(ERROR_DETAIL),
            "context": {"type": "object"},
            "links": STRING_MAP,
        },
        ("status", "category", "message"),
    ),  # fmt: skip
    "SimplePublicObject": obj(
        {
            "id": STRING,
            "properties": {"type": "object", "additionalProperties": {"type": "string", "nullable": True}},
            "createdAt": DATE_TIME,
            "updatedAt": DATE_TIME,
            "archived": BOOLEAN,
            "archivedAt": DATE_TIME,
        },
        ("id", "properties", "createdAt", "updatedAt", "archived"),
    ),  # fmt: skip
    "SimplePublicObjectWithAssociations": {
        "allOf": [
            ref("SimplePublicObject"),
            obj(
                {
                    "associations": {
                        "type": "object",
                        "additionalProperties": obj(
                            {"results": array(obj({"id": STRING, "type": STRING}, ("id", "type")))}, ("results",)
                        ),
                    }
                }
            ),
        ]
    },  # fmt: skip
    "CollectionResponse": obj(
        {"results": array(ref("SimplePublicObjectWithAssociations")), "paging": PAGING}, ("results",)
    ),  # fmt: skip
    "SearchResponse": obj(
        {"total": {"type": "integer"}, "results": array(ref("SimplePublicObject")), "paging": PAGING},
        ("total", "results"),
    ),  # fmt: skip
    "BatchResponse": batch_response("SimplePublicObject"),
    "CallCreate": obj({"properties": STRING_MAP, "associations": array(ASSOCIATION_INPUT)}, ("properties",)),
    "CallUpdate": obj({"properties": STRING_MAP}, ("properties",)),
    "BatchCallCreate": obj({"inputs": array(ref("CallCreate"), maxItems=100)}, ("inputs",)),
    "BatchCallUpdate": obj(
        {"inputs": array(obj({"id": STRING, "properties": STRING_MAP}, ("id", "properties")), maxItems=100)},
        ("inputs",),
    ),  # fmt: skip
    "BatchObjectId": obj({"inputs": array(obj({"id": STRING}, ("id",)), maxItems=100)}, ("inputs",)),
    "BatchCallUpsert": batch_upsert("hs_object_id", "hs_call_external_id"),
    "RecordCreate": obj(
        {"properties": STRING_MAP, "associations": array(ASSOCIATION_INPUT, maxItems=0)}, ("properties",)
    ),
    "BatchRecordCreate": obj({"inputs": array(ref("RecordCreate"), maxItems=100)}, ("inputs",)),
    "BatchRecordUpsert": batch_upsert("hs_object_id", "email"),
    "AssociationSpec": obj(
        {
            "associationCategory": {
                "type": "string",
                "enum": ["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"],
            },
            "associationTypeId": {"type": "integer", "format": "int32"},
        },
        ("associationCategory", "associationTypeId"),
    ),
    "AssociationSpecs": array(ref("AssociationSpec"), minItems=1),
    "LabelsBetweenObjectPair": obj(
        {
            "fromObjectTypeId": STRING,
            "fromObjectId": STRING,
            "toObjectTypeId": STRING,
            "toObjectId": STRING,
            "labels": array(STRING),
        },
        ("fromObjectTypeId", "fromObjectId", "toObjectTypeId", "toObjectId", "labels"),
    ),
    "LabelsBatchResponse": batch_response("LabelsBetweenObjectPair"),
    "DefaultAssociation": obj(
        {"from": OBJECT_ID, "to": OBJECT_ID, "associationSpec": ref("AssociationSpec")},
        ("from", "to", "associationSpec"),
    ),
    "DefaultAssociationsResponse": batch_response("DefaultAssociation"),
    "AssociatedObject": obj(
        {
            "toObjectId": STRING,
            "associationTypes": array(
                obj(
                    {
                        "category": STRING,
                        "typeId": {"type": "integer", "format": "int32"},
                        "label": {"type": "string", "nullable": True},
                    },
                    ("category", "typeId"),
                )
            ),
        },
        ("toObjectId", "associationTypes"),
    ),
    "AssociationsPage": obj({"results": array(ref("AssociatedObject")), "paging": PAGING}, ("results",)),
    "AssociationsOfObject": obj({"from": OBJECT_ID, "to": array(ref("AssociatedObject"))}, ("from", "to")),
    "AssociationsBatchRead": batch_response("AssociationsOfObject"),
    "AssociationBatchCreate": obj(
        {
            "inputs": array(
                obj({"from": OBJECT_ID, "to": OBJECT_ID, "types": ref("AssociationSpecs")}, ("from", "to", "types")),
                maxItems=100,
            )
        },
        ("inputs",),
    ),
    "AssociationBatchDefault": obj(
        {"inputs": array(obj({"from": OBJECT_ID, "to": OBJECT_ID}, ("from", "to")), maxItems=100)}, ("inputs",)
    ),
    "AssociationBatchArchive": obj(
        {"inputs": array(obj({"from": OBJECT_ID, "to": array(OBJECT_ID)}, ("from", "to")), maxItems=100)}, ("inputs",)
    ),
    "SimplePublicUpsertObject": {"allOf": [ref("SimplePublicObject"), obj({"new": BOOLEAN}, ("new",))]},
    "BatchUpsertResponse": batch_response("SimplePublicUpsertObject"),
    "PublicMergeInput": obj(
        {"primaryObjectId": STRING, "objectIdToMerge": STRING}, ("primaryObjectId", "objectIdToMerge")
    ),  # fmt: skip
    "PublicGdprDeleteInput": obj({"objectId": STRING, "idProperty": STRING}, ("objectId",)),
    "BatchRead": obj(
        {
            "inputs": array(obj({"id": STRING}, ("id",)), maxItems=100),
            "properties": array(STRING),
            "idProperty": STRING,
        },
        ("inputs",),
    ),  # fmt: skip
    "SearchRequest": obj(
        {
            "filterGroups": array(obj({"filters": array(FILTER)}, ("filters",))),
            "sorts": array(STRING),
            "query": STRING,
            "properties": array(STRING),
            "limit": {"type": "integer", "minimum": 0, "maximum": 200},
            "after": STRING,
        }
    ),  # fmt: skip
    "TranscriptCreateRequest": obj(
        {
            "engagementId": INT64,
            "transcriptCreateUtterances": array(
                obj(
                    {
                        "speaker": SPEAKER,
                        "text": STRING,
                        "startTimeMillis": INT64,
                        "endTimeMillis": INT64,
                        "languageCode": STRING,
                    },
                    ("speaker", "text", "startTimeMillis", "endTimeMillis"),
                )
            ),
        },
        ("engagementId", "transcriptCreateUtterances"),
    ),  # fmt: skip
    "TranscriptCreateResponse": obj({"id": STRING}, ("id",)),
    "TranscriptResponse": obj(
        {
            "id": STRING,
            "engagementId": INT64,
            "transcriptSource": {"type": "string", "enum": ["HUBSPOT_GENERATED", "INTEGRATOR_GENERATED"]},
            "transcriptUtterances": array(
                obj(
                    {
                        "id": STRING,
                        "speaker": SPEAKER,
                        "text": STRING,
                        "startTimeMillis": INT64,
                        "endTimeMillis": INT64,
                        "languageCode": STRING,
                    },
                    ("id", "text", "startTimeMillis", "endTimeMillis"),
                )
            ),
            "createdAt": DATE_TIME,
            "updatedAt": DATE_TIME,
        },
        ("id", "engagementId", "transcriptSource", "transcriptUtterances", "createdAt", "updatedAt"),
    ),  # fmt: skip
    "MarkRecordingAsReadyRequest": obj({"engagementId": INT64}, ("engagementId",)),
    "ConnectionStatus": obj(
        {
            "userId": STRING,  # a string in HubSpot's schema, though the query and inputs take digits
            "connected": BOOLEAN,
            "provider": obj(
                {
                    "type": {"type": "string", "enum": ["HUBSPOT", "THIRD_PARTY"]},
                    "appId": {"type": "integer"},
                    "appName": STRING,
                },
                ("type",),
            ),
        },
        ("userId", "connected"),
    ),  # fmt: skip
    "ConnectionStatuses": obj({"results": array(ref("ConnectionStatus"))}, ("results",)),
    "BatchUserIds": obj({"inputs": array(obj({"id": STRING}, ("id",)), maxItems=100)}, ("inputs",)),
    "SettingsRequest": obj(SETTINGS_FIELDS, ("name", "url")),
    "SettingsPatchRequest": obj(SETTINGS_FIELDS),
    "SettingsResponse": obj(
        {**SETTINGS_FIELDS, "createdAt": DATE_TIME, "updatedAt": DATE_TIME},
        (*SETTINGS_FIELDS, "createdAt", "updatedAt"),
    ),  # fmt: skip
    "ChannelConnectionSettingsRequest": obj({"url": STRING, "isReady": BOOLEAN}, ("url", "isReady")),
    "ChannelConnectionSettingsPatchRequest": obj({"url": STRING, "isReady": BOOLEAN}),
    "ChannelConnectionSettingsResponse": obj(
        {"url": STRING, "isReady": BOOLEAN, "createdAt": DATE_TIME, "updatedAt": DATE_TIME},
        ("url", "isReady", "createdAt", "updatedAt"),
    ),  # fmt: skip
    "RecordingSettingsRequest": obj({"urlToRetrieveAuthedRecording": STRING}, ("urlToRetrieveAuthedRecording",)),
    "RecordingSettingsPatchRequest": obj({"urlToRetrieveAuthedRecording": STRING}),
    "RecordingSettingsResponse": obj({"urlToRetrieveAuthedRecording": STRING}, ("urlToRetrieveAuthedRecording",)),
    "CompletedThirdPartyCallRequest": obj(
        {
            "externalCallId": STRING,
            "createEngagement": BOOLEAN,
            "engagementProperties": STRING_MAP,
            "finalCallStatus": STRING,
            "fromNumber": PHONE,
            "toNumber": PHONE,
            "potentialRecipientUserIds": array({"type": "integer"}),
            "callStartedTimestamp": DATE_TIME,
            "durationSeconds": {"type": "integer"},
            "userId": {"type": "integer"},
        },
        (
            "externalCallId",
            "createEngagement",
            "engagementProperties",
            "finalCallStatus",
            "fromNumber",
            "toNumber",
            "potentialRecipientUserIds",
        ),
    ),  # fmt: skip
    "CompletedThirdPartyCallResponse": obj({"callerIdMatches": array({"type": "object"})}, ("callerIdMatches",)),
}
