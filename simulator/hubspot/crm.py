"""The mock CRM: contacts, companies and call engagements, loaded from a YAML fixtures file (no network)."""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import FixturesError

CONTACT = "0-1"
COMPANY = "0-2"
OBJECT_TYPE_NAMES: dict[str, str] = {CONTACT: "CONTACT", COMPANY: "COMPANY"}
OBJECT_TYPE_IDS: dict[str, str] = {name: type_id for type_id, name in OBJECT_TYPE_NAMES.items()}
PHONE_PROPERTIES: frozenset[str] = frozenset({"phone", "mobilephone"})
DEFAULT_FIXTURES = Path(__file__).parent / "fixtures" / "crm.yaml"

# Calling codes for the default countries we accept; "+1" is shared by the NANP countries.
CALLING_CODES: dict[str, str] = {"US": "1", "CA": "1", "GB": "44", "FR": "33", "DE": "49", "ES": "34", "AU": "61"}
COUNTRY_OF_CODE: dict[str, str] = {"1": "US", "44": "GB", "33": "FR", "49": "DE", "34": "ES", "61": "AU"}
FIRST_ENGAGEMENT_ID = 30_000_000_001


def normalize_e164(text: str, default_country: str = "US") -> str | None:
    """A phone number in E.164 ("+16175550100"), or None when `text` is not a phone number.

    Hand-written (no `phonenumbers` dependency): punctuation is dropped, "00" means international,
    national numbers take `default_country`'s calling code (NANP: 10 digits, or 11 starting with 1).
    """
    if not isinstance(text, str):
        return None
    stripped = text.strip()
    if not stripped or re.search(r"[A-Za-z]", stripped):
        return None
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("+") or stripped.startswith("00"):
        digits = digits[2:] if stripped.startswith("00") else digits
        return _checked("+" + digits)
    code = CALLING_CODES.get(default_country.upper())
    if code is None:
        return None
    if code == "1":
        if len(digits) == 11 and digits.startswith("1"):
            return _checked("+" + digits)
        return _checked("+1" + digits) if len(digits) == 10 else None
    return _checked("+" + code + digits.removeprefix("0"))


def _checked(e164: str) -> str | None:
    digits = e164[1:]
    if not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return None
    if digits.startswith("1") and len(digits) != 11:
        return None
    return e164


def country_of(e164: str) -> str | None:
    """The ISO country for an E.164 number's calling code ("+1..." -> "US"), if we know it."""
    for length in (1, 2, 3):
        country = COUNTRY_OF_CODE.get(e164[1 : 1 + length])
        if country:
            return country
    return None


@dataclass(frozen=True)
class Phone:
    label: str
    property: str  # the HubSpot phone property: "phone" or "mobilephone"
    number: str  # as written in the fixtures

    @builtins.property
    def e164(self) -> str | None:
        return normalize_e164(self.number)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "property": self.property, "number": self.number, "e164": self.e164}


@dataclass(frozen=True)
class Contact:
    id: int
    first_name: str
    last_name: str
    email: str | None = None
    job_title: str | None = None
    company_id: int | None = None
    lifecycle_stage: str | None = None
    owner_name: str | None = None
    phones: tuple[Phone, ...] = ()
    object_type_id: str = field(default=CONTACT, init=False)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_json(self) -> dict[str, Any]:
        return {
            "objectTypeId": CONTACT,
            "id": self.id,
            "name": self.name,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
            "jobTitle": self.job_title,
            "companyId": self.company_id,
            "lifecycleStage": self.lifecycle_stage,
            "ownerName": self.owner_name,
            "phones": [phone.to_json() for phone in self.phones],
        }


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    domain: str | None = None
    industry: str | None = None
    city: str | None = None
    phones: tuple[Phone, ...] = ()
    object_type_id: str = field(default=COMPANY, init=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "objectTypeId": COMPANY,
            "id": self.id,
            "name": self.name,
            "domain": self.domain,
            "industry": self.industry,
            "city": self.city,
            "phones": [phone.to_json() for phone in self.phones],
        }


Record = Contact | Company
Association = tuple[str, int]  # (objectTypeId, objectId)


@dataclass(frozen=True)
class Engagement:
    """A call engagement HubSpot created for a widget (§8 properties are strings)."""

    id: int
    external_call_id: str | None
    direction: str  # "OUTBOUND" | "INBOUND"
    status: str  # hs_call_status-like: CONNECTING, RINGING, IN_PROGRESS, COMPLETED, ...
    properties: Mapping[str, Any]
    associations: tuple[Association, ...]
    created_at_ms: int
    updated_at_ms: int
    completed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "externalCallId": self.external_call_id,
            "direction": self.direction,
            "status": self.status,
            "properties": dict(self.properties),
            "associations": [
                {"objectTypeId": type_id, "objectId": object_id} for type_id, object_id in self.associations
            ],
            "createdAt": self.created_at_ms,
            "updatedAt": self.updated_at_ms,
            "completed": self.completed,
        }


class Crm:
    """Records and engagements of one simulated portal; shared by every session of a server."""

    def __init__(self, contacts: Iterable[Contact] = (), companies: Iterable[Company] = ()) -> None:
        self.contacts: dict[int, Contact] = {contact.id: contact for contact in contacts}
        self.companies: dict[int, Company] = {company.id: company for company in companies}
        self.engagements: dict[int, Engagement] = {}
        self._next_engagement_id = FIRST_ENGAGEMENT_ID

    @classmethod
    def load(cls, path: Path | None = None) -> Crm:
        """The CRM from a fixtures file (default: the built-in one); raises FixturesError."""
        source = path or DEFAULT_FIXTURES
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as error:
            raise FixturesError(f"{source}: cannot read the CRM fixtures: {error.strerror or error}") from error
        return cls.parse(text, str(source))

    @classmethod
    def parse(cls, text: str, source: str = "<fixtures>") -> Crm:
        """The CRM from fixtures YAML text; `source` names it in errors."""
        contacts, companies = _FixturesParser(text, source).parse()
        return cls(contacts, companies)

    def record(self, object_type_id: str, object_id: int) -> Record | None:
        """The contact ("0-1") or company ("0-2") with that id, if any."""
        if object_type_id == CONTACT:
            return self.contacts.get(object_id)
        if object_type_id == COMPANY:
            return self.companies.get(object_id)
        return None

    def records(self) -> list[Record]:
        return [*self.contacts.values(), *self.companies.values()]

    def match_caller(self, number: str, portal_id: int) -> list[dict[str, Any]]:
        """Caller-ID matches (§4 `Match`) for a phone number: contacts first, then companies."""
        e164 = normalize_e164(number) if isinstance(number, str) else None
        if e164 is None:
            return []
        matches: list[dict[str, Any]] = []
        for contact in self.contacts.values():
            if any(phone.e164 == e164 for phone in contact.phones):
                coordinates = {"portalId": portal_id, "objectTypeId": CONTACT, "objectId": contact.id}
                match: dict[str, Any] = {
                    "callerIdType": "CONTACT",
                    "objectCoordinates": coordinates,
                    "firstName": contact.first_name,
                    "lastName": contact.last_name,
                }
                if contact.email:
                    match["email"] = contact.email
                matches.append(match)
        for company in self.companies.values():
            if any(phone.e164 == e164 for phone in company.phones):
                coordinates = {"portalId": portal_id, "objectTypeId": COMPANY, "objectId": company.id}
                matches.append({"callerIdType": "COMPANY", "objectCoordinates": coordinates, "name": company.name})
        return matches

    def engagement(self, engagement_id: int) -> Engagement | None:
        return self.engagements.get(engagement_id)

    def create_engagement(
        self,
        external_call_id: str | None,
        direction: str,
        associations: Iterable[Association],
        properties: Mapping[str, Any],
        now_ms: int,
        status: str = "CONNECTING",
    ) -> Engagement:
        """A new call engagement with a fresh id."""
        engagement = Engagement(
            id=self._next_engagement_id,
            external_call_id=external_call_id,
            direction=direction,
            status=status,
            properties=dict(properties),
            associations=tuple(dict.fromkeys(associations)),
            created_at_ms=now_ms,
            updated_at_ms=now_ms,
        )
        self._next_engagement_id += 1
        self.engagements[engagement.id] = engagement
        return engagement

    def update_engagement(
        self,
        engagement_id: int,
        now_ms: int,
        properties: Mapping[str, Any] | None = None,
        status: str | None = None,
        completed: bool | None = None,
    ) -> Engagement:
        """The engagement with `properties` merged in; raises KeyError for an unknown id."""
        current = self.engagements[engagement_id]
        merged = {**current.properties, **(properties or {})}
        updated = replace(
            current,
            properties=merged,
            status=status or current.status,
            completed=current.completed if completed is None else completed,
            updated_at_ms=now_ms,
        )
        self.engagements[engagement_id] = updated
        return updated

    def engagements_for(self, object_type_id: str, object_id: int) -> list[Engagement]:
        """Engagements associated with a record, oldest first (creation order)."""
        return [e for e in self.engagements.values() if (object_type_id, object_id) in e.associations]

    def resolve(self, reference: Any) -> Record | None:
        """A record from a Contact/Company or from page JSON `{objectTypeId, objectId}` (id as number or text)."""
        if isinstance(reference, (Contact, Company)):
            return reference
        if not isinstance(reference, Mapping):
            return None
        type_id, object_id = reference.get("objectTypeId"), reference.get("objectId")
        if isinstance(object_id, str) and object_id.strip().isdigit():
            object_id = int(object_id)
        if isinstance(type_id, str) and isinstance(object_id, int) and not isinstance(object_id, bool):
            return self.record(type_id, object_id)
        return None


class _FixturesParser:
    """YAML node tree -> records, so that every error can name its line."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.loader = yaml.SafeLoader(text)

    def parse(self) -> tuple[list[Contact], list[Company]]:
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
        top = self.mapping(root, "the top level", required=(), optional=("contacts", "companies"))
        companies = [self.company(node, f"companies[{i}]") for i, node in enumerate(self.sequence(top, "companies"))]
        contacts = [self.contact(node, f"contacts[{i}]") for i, node in enumerate(self.sequence(top, "contacts"))]
        self.unique_ids(top, "companies", companies)
        self.unique_ids(top, "contacts", contacts)
        company_ids = {company.id for company in companies}
        for index, contact in enumerate(contacts):
            if contact.company_id is not None and contact.company_id not in company_ids:
                node = self.sequence(top, "contacts")[index]
                raise self.error(node, f"contacts[{index}].company_id: no company with id {contact.company_id}")
        return contacts, companies

    def error(self, node: yaml.Node, text: str) -> FixturesError:
        return FixturesError(f"{self.source}:{node.start_mark.line + 1}: {text}")

    def mapping(
        self, node: yaml.Node, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{where}: expected a mapping, got {_kind(node)}")
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
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
        value = self.loader.construct_object(node, deep=True) if isinstance(node, yaml.ScalarNode) else None
        if (
            isinstance(node, yaml.ScalarNode)
            and isinstance(value, kind)
            and not (kind is int and isinstance(value, bool))
        ):
            return value
        hint = ". Hint: remove the quotes" if kind is int and isinstance(value, str) and value.isdigit() else ""
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
