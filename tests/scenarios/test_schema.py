"""The JSON Schema: valid itself, agrees with the parser on every good file and with the step table exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from simulator.hubspot.host import Faults
from simulator.hubspot.sdk.protocol import HOST_TO_WIDGET, HOST_TO_WIDGET_UNUSUAL, WIDGET_TO_HOST
from simulator.scenarios.files import SCHEMA_PATH
from simulator.scenarios.steps import COMMON_KEYS, STEP_KINDS
from tests.helpers.scenario_text import GOOD, SHIPPED


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(SCHEMA_PATH.read_text())
    return loaded


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", SHIPPED + GOOD, ids=[p.name for p in SHIPPED + GOOD])
def test_schema_accepts_every_valid_scenario(path: Path) -> None:
    jsonschema.Draft202012Validator(_schema()).validate(yaml.safe_load(path.read_text()))


@pytest.mark.parametrize(
    "document",
    [
        {"name": "x", "steps": [{"expct": "LOGGED_IN"}]},
        {"name": "x", "steps": [{"send": "END_CALL", "within": "1s"}]},
        {"name": "x", "steps": [{"send": "END_CALL", "expect": "CALL_ENDED"}]},
        {"name": "x", "steps": [{"expect": "ERROR", "match": {"a": {"$any": "str"}}}]},
        {"name": "x", "steps": [{"wait": "soon"}]},
        {"name": "x", "steps": [{"host": {"fail_create": True}}]},
        {"name": "x", "steps": []},
        {"steps": [{"wait": 1}]},
    ],
)
def test_schema_rejects_what_the_parser_rejects(document: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema()).validate(document)


def test_schema_type_lists_and_faults_match_the_code() -> None:
    defs = _schema()["$defs"]
    assert isinstance(defs, dict)
    steps = {next(iter(s["required"])): s for s in defs["step"]["oneOf"]}
    assert set(steps["send"]["properties"]["send"]["anyOf"][0]["enum"]) == HOST_TO_WIDGET | HOST_TO_WIDGET_UNUSUAL
    assert set(steps["expect"]["properties"]["expect"]["anyOf"][0]["enum"]) == WIDGET_TO_HOST
    assert set(defs["faults"]["properties"]) == set(Faults.__dataclass_fields__)


def test_schema_steps_and_the_step_table_agree_exactly() -> None:
    defs: Any = _schema()["$defs"]
    schema_steps = defs["step"]["oneOf"]
    kinds = [step["required"] for step in schema_steps]
    assert kinds == [[name] for name in STEP_KINDS], "one schema step per table kind, in table order"
    for step in schema_steps:
        kind = STEP_KINDS[step["required"][0]]
        assert step["additionalProperties"] is False
        assert set(step["properties"]) == {kind.name, *kind.keys, *COMMON_KEYS}, kind.name
