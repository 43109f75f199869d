"""Custom objects (issue 18, item 6): fixtures define them, their records dial with their own objectTypeId."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import FixturesError
from simulator.hubspot.crm.fixture_parser import load_fixtures
from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.crm.records import CustomRecord, record_type_id
from simulator.hubspot.host import Host, HostContext

PROJECTS = "2-3508482"  # the built-in fixtures' custom object


def test_the_built_in_fixtures_define_projects_with_dialable_records() -> None:
    fixtures = load_fixtures()
    assert [(t.type_id, t.singular, t.plural) for t in fixtures.custom_types] == [(PROJECTS, "Project", "Projects")]
    crm = Crm.load()
    record = crm.record(PROJECTS, 101)
    assert isinstance(record, CustomRecord) and record.name == "Boston office fit-out"
    assert crm.record(PROJECTS, 999) is None and record in crm.records()


def test_a_custom_record_dials_with_its_object_type() -> None:
    host = Host(HostContext(record_object_type_id=PROJECTS, record_object_id=101), crm=Crm.load())
    data = host.dial_payload({"objectTypeId": PROJECTS, "objectId": 101}, None, None, 1_000)
    assert data["phoneNumber"] == "+16175550130"
    assert data["calleeInfo"] == {"calleeId": 101, "calleeObjectTypeId": PROJECTS}


def test_a_scenario_names_a_custom_record_by_its_type_id() -> None:
    assert record_type_id(PROJECTS) == PROJECTS
    assert record_type_id("company") == "0-2" and record_type_id("2-x") == "0-1"


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ('custom_objects:\n  - {object_type_id: "0-1", name: x}\n', ":2: custom_objects[0].object_type_id: expected"),
        ("custom_objects:\n  - {object_type_id: '2-1'}\n", ":2: custom_objects[0]: missing required key 'name'"),
        (
            "custom_objects:\n  - object_type_id: '2-1'\n    name: x\n    records:\n      - {id: 1, name: a}\n"
            "      - {id: 1, name: b}\n",
            ":6: custom_objects[0].records[1].id: duplicate id 1",
        ),
        (
            "custom_objects:\n  - object_type_id: '2-1'\n    name: x\n    records:\n"
            "      - {id: 1, name: a, phones: [{number: call me}]}\n",
            ":5: custom_objects[0].records[0].phones[0].number: expected a phone number",
        ),
    ],
)
def test_fixture_mistakes_name_file_line_and_what_was_expected(tmp_path: Path, yaml_text: str, message: str) -> None:
    path = tmp_path / "crm.yaml"
    path.write_text(yaml_text)
    with pytest.raises(FixturesError) as raised:
        load_fixtures(path)
    assert str(raised.value).startswith(str(path)) and message in str(raised.value)
