"""Loading the CRM fixtures file: YAML -> contacts and companies, every error naming its file and line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import FixturesError
from simulator.hubspot.crm.phones import normalize_e164
from simulator.hubspot.crm.records import (
    PHONE_PROPERTIES,
    Company,
    Contact,
    CustomObjectType,
    CustomRecord,
    Phone,
    is_custom_type,
)
from simulator.hubspot.rest.fields import is_digits
from simulator.hubspot.safe_yaml import BoundedLoader, reader_error_position

DEFAULT_FIXTURES = Path(__file__).parent / "fixtures" / "crm.yaml"


@dataclass(frozen=True)
class Fixtures:
    """Everything a fixtures file defines."""

    contacts: list[Contact]
    companies: list[Company]
    custom_types: list[CustomObjectType]
    custom_records: list[CustomRecord]


def load_records(path: Path | None = None) -> tuple[list[Contact], list[Company]]:
    """The contacts and companies of a fixtures file (default: the built-in one); raises FixturesError."""
    fixtures = load_fixtures(path)
    return fixtures.contacts, fixtures.companies


def load_fixtures(path: Path | None = None) -> Fixtures:
    """All of a fixtures file (default: the built-in one), custom objects included; raises FixturesError."""
    source = path or DEFAULT_FIXTURES
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise FixturesError(f"{source}: cannot read the CRM fixtures: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise FixturesError(
            f"{source}: the CRM fixtures are not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    return _FixturesParser(text, str(source)).parse()


def parse_records(text: str, source: str = "<fixtures>") -> tuple[list[Contact], list[Company]]:
    """The contacts and companies of fixtures YAML text; `source` names it in errors."""
    fixtures = _FixturesParser(text, source).parse()
    return fixtures.contacts, fixtures.companies


class _FixturesParser:
    """YAML node tree -> records, so that every error can name its line."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def parse(self) -> Fixtures:
        try:
            self.loader = BoundedLoader(self.text)  # checks every character up front
        except yaml.reader.ReaderError as error:
            line, column, problem = reader_error_position(error, self.text)
            raise FixturesError(f"{self.source}:{line}: not valid YAML (column {column}): {problem}") from None
        try:
            root = self.loader.get_single_node()
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{self.source}:{mark.line + 1}" if mark is not None else self.source
            raise FixturesError(f"{where}: not valid YAML: {getattr(error, 'problem', None) or error}") from error
        finally:
            self.loader.dispose()
        if root is None:
            raise FixturesError(
                f"{self.source}:1: expected a mapping with `contacts` and `companies`, got an empty file"
            )
        top = self.mapping(root, "the top level", required=(), optional=("contacts", "companies", "custom_objects"))
        companies = [self.company(node, f"companies[{i}]") for i, node in enumerate(self.sequence(top, "companies"))]
        contacts = [self.contact(node, f"contacts[{i}]") for i, node in enumerate(self.sequence(top, "contacts"))]
        self.unique_ids(top, "companies", companies)
        self.unique_ids(top, "contacts", contacts)
        company_ids = {company.id for company in companies}
        for index, contact in enumerate(contacts):
            if contact.company_id is not None and contact.company_id not in company_ids:
                node = self.sequence(top, "contacts")[index]
                raise self.error(node, f"contacts[{index}].company_id: no company with id {contact.company_id}")
        types, records = self.custom_objects(top)
        return Fixtures(contacts, companies, types, records)

    def custom_objects(self, top: dict[str, yaml.Node]) -> tuple[list[CustomObjectType], list[CustomRecord]]:
        """`custom_objects: [{object_type_id: "2-…", name, label?, label_plural?, records: [{id, name, phones}]}]`."""
        types: list[CustomObjectType] = []
        records: list[CustomRecord] = []
        for i, node in enumerate(self.sequence(top, "custom_objects")):
            where = f"custom_objects[{i}]"
            fields = self.mapping(node, where, required=("object_type_id", "name"),
                                  optional=("label", "label_plural", "records"))  # fmt: skip
            type_id = self.scalar(fields["object_type_id"], f"{where}.object_type_id", str)
            if not is_custom_type(type_id):
                raise self.error(fields["object_type_id"], f"{where}.object_type_id: expected a custom object's type "
                                 f'id, "2-" and digits (e.g. "2-3508482"), got {type_id!r}')  # fmt: skip
            if type_id in {t.type_id for t in types}:
                raise self.error(fields["object_type_id"], f"{where}.object_type_id: {type_id} is defined twice")
            name = self.scalar(fields["name"], f"{where}.name", str)
            label = self.optional(fields, "label", where, str) or name.removesuffix("s").title()
            plural = self.optional(fields, "label_plural", where, str) or name.title()
            types.append(CustomObjectType(type_id, name, label, plural))
            seen: set[int] = set()
            for j, record_node in enumerate(self.sequence(fields, "records")):
                at = f"{where}.records[{j}]"
                keys = self.mapping(record_node, at, required=("id", "name"), optional=("phones",))
                record = CustomRecord(self.scalar(keys["id"], f"{at}.id", int), type_id,
                                      self.scalar(keys["name"], f"{at}.name", str), self.phones(keys, at))  # fmt: skip
                if record.id in seen:
                    raise self.error(record_node, f"{at}.id: duplicate id {record.id}")
                seen.add(record.id)
                records.append(record)
        return types, records

    def error(self, node: yaml.Node, text: str) -> FixturesError:
        return FixturesError(f"{self.source}:{node.start_mark.line + 1}: {text}")

    def mapping(
        self, node: yaml.Node, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{where}: expected a mapping, got {_kind(node)}")
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, f"{where}: keys must be plain names, got {_kind(key_node)}")
            key = key_node.value
            if key not in required and key not in optional:
                expected = ", ".join((*required, *optional))
                raise self.error(key_node, f"{where}: unknown key {key!r}; expected one of {expected}")
            found[key] = value_node
        for key in required:
            if key not in found:
                raise self.error(node, f"{where}: missing required key {key!r}")
        return found

    def sequence(self, parent: dict[str, yaml.Node], key: str) -> list[yaml.Node]:
        node = parent.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{key}: expected a list, got {_kind(node)}")
        return list(node.value)

    def scalar(self, node: yaml.Node, where: str, kind: type) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True) if isinstance(node, yaml.ScalarNode) else None
        except (yaml.YAMLError, ValueError, TypeError, LookupError, AttributeError, OverflowError) as error:
            # `!!int abc`, `!!timestamp 2020-13-45`: SafeConstructor lets Python's own error out.
            raise self.error(node, f"{where}: cannot read this value: {error}") from None
        if (
            isinstance(node, yaml.ScalarNode)
            and isinstance(value, kind)
            and not (kind is int and isinstance(value, bool))
        ):
            return value
        hint = ". Hint: remove the quotes" if kind is int and isinstance(value, str) and is_digits(value) else ""
        shown = f" {value!r}" if isinstance(node, yaml.ScalarNode) else ""
        raise self.error(node, f"{where}: expected {_KIND_NAMES[kind]}, got {_kind(node, value)}{shown}{hint}")

    def optional(self, fields: dict[str, yaml.Node], key: str, where: str, kind: type) -> Any:
        node = fields.get(key)
        if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
            return None
        return self.scalar(node, f"{where}.{key}", kind)

    def phones(self, fields: dict[str, yaml.Node], where: str) -> tuple[Phone, ...]:
        phones = []
        for index, node in enumerate(self.sequence(fields, "phones")):
            at = f"{where}.phones[{index}]"
            keys = self.mapping(node, at, required=("number",), optional=("label", "property"))
            number = self.scalar(keys["number"], f"{at}.number", str)
            if normalize_e164(number) is None:
                raise self.error(keys["number"], f"{at}.number: expected a phone number, got {number!r}")
            prop = self.optional(keys, "property", at, str) or "phone"
            if prop not in PHONE_PROPERTIES:
                raise self.error(keys["property"], f"{at}.property: expected one of phone, mobilephone, got {prop!r}")
            phones.append(Phone(self.optional(keys, "label", at, str) or prop, prop, number))
        return tuple(phones)

    def contact(self, node: yaml.Node, where: str) -> Contact:
        optional = ("email", "job_title", "company_id", "lifecycle_stage", "owner_name", "phones")
        fields = self.mapping(node, where, required=("id", "first_name", "last_name"), optional=optional)
        return Contact(
            id=self.scalar(fields["id"], f"{where}.id", int),
            first_name=self.scalar(fields["first_name"], f"{where}.first_name", str),
            last_name=self.scalar(fields["last_name"], f"{where}.last_name", str),
            email=self.optional(fields, "email", where, str),
            job_title=self.optional(fields, "job_title", where, str),
            company_id=self.optional(fields, "company_id", where, int),
            lifecycle_stage=self.optional(fields, "lifecycle_stage", where, str),
            owner_name=self.optional(fields, "owner_name", where, str),
            phones=self.phones(fields, where),
        )

    def company(self, node: yaml.Node, where: str) -> Company:
        fields = self.mapping(node, where, required=("id", "name"), optional=("domain", "industry", "city", "phones"))
        return Company(
            id=self.scalar(fields["id"], f"{where}.id", int),
            name=self.scalar(fields["name"], f"{where}.name", str),
            domain=self.optional(fields, "domain", where, str),
            industry=self.optional(fields, "industry", where, str),
            city=self.optional(fields, "city", where, str),
            phones=self.phones(fields, where),
        )

    def unique_ids(self, top: dict[str, yaml.Node], key: str, records: Sequence[Contact | Company]) -> None:
        seen: set[int] = set()
        for index, record in enumerate(records):
            if record.id in seen:
                raise self.error(self.sequence(top, key)[index], f"{key}[{index}].id: duplicate id {record.id}")
            seen.add(record.id)


_KIND_NAMES: dict[type, str] = {int: "an integer", str: "a string"}


def _kind(node: yaml.Node, value: Any = None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__
