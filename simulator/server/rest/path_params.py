"""The /crm routes' path parameters: any one segment is an id, except a sibling route's literal segment.

`…/calls/search` is the search route, not the call with id "search": aiohttp matches `{object_id}` against any
segment, so `OPTIONS …/calls/search` answered 405 with the methods of `…/calls/{object_id}` too, and
`GET …/calls/search` looked up a call named "search". Each parameter below refuses the literal segments its sibling
routes have at the same place, so a request is answered by the one route its path names, and a wrong method gets
405 with exactly that route's methods. And any other segment is an id, braces included: aiohttp's default
(`[^{}/]+`) made `TRACE …/calls/{callId}`, pasted from the docs, a 404 "no REST endpoint" where it is the calls
route (405; a GET looks the call up). tests/server/rest/test_methods.py checks every /crm route of the router.
"""

from __future__ import annotations

import re


def param(name: str, *reserved: str) -> str:
    """`{name}` for a route path: any one non-empty segment except each of `reserved`."""
    if not reserved:
        return f"{{{name}:[^/]+}}"
    words = "|".join(re.escape(word) for word in sorted(reserved))
    return f"{{{name}:(?!(?:{words})(?:/|$))[^/]+}}"


# …/objects/{calls,contacts,companies}/{object_id}: siblings …/search, …/merge, …/gdpr-delete and …/batch/….
OBJECT_ID = param("object_id", "search", "batch", "merge", "gdpr-delete")
# …/extensions/calling/{app_id}/settings…: siblings …/transcripts…, …/recordings/ready and …/inbound-call.
APP_ID = param("app_id", "transcripts", "recordings", "inbound-call")
# …/extensions/calling/transcripts/{transcript_id}: no siblings.
TRANSCRIPT_ID = param("transcript_id")


def choice(name: str, words: tuple[str, ...]) -> str:
    """`{name}` for a route path that is one of `words` (object types: anything else is no route, so a 404)."""
    return f"{{{name}:(?:{'|'.join(re.escape(word) for word in sorted(words, key=len, reverse=True))})}}"


# The associations API's object types: plural, singular or the type id (HubSpot takes all three).
CALL_TYPE_NAMES = ("calls", "call", "0-48")
OBJECT_TYPE_NAMES = (*CALL_TYPE_NAMES, "contacts", "contact", "0-1", "companies", "company", "0-2")
FROM_OBJECT_TYPE = choice("from_object_type", OBJECT_TYPE_NAMES)
TO_OBJECT_TYPE = choice("to_object_type", OBJECT_TYPE_NAMES)
TO_OBJECT_ID = param("to_object_id")
CUSTOM_TYPE = "{custom_type:2-[0-9]{1,12}}"  # a custom object's type id: no other segment is one
