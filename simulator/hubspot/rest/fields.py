"""Input fields of HubSpot's REST API: the error that names one (`FieldError`), and whole numbers as HubSpot reads them.

Every whole number callsim takes — ids in paths and bodies, `limit`, `after`, `appId`, ms timestamps — goes through
`parse_whole`: ASCII digits only, bounded before `int()`. `str.isdigit()` is no such check: it is true for "²" (then
`int()` raises) and for "١" (`int()` reads 1), `int()` itself takes " 1", "+1" and "1_000", and refuses more than
4300 digits with a ValueError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")
_SHOWN = 40  # characters of a bad value quoted back in an error


@dataclass(frozen=True)
class FieldError:
    """One bad input, named as HubSpot names it (`in`: the property or JSON field)."""

    field: str
    message: str
    code: str = "INVALID_VALUE"

    def to_json(self) -> dict[str, Any]:
        return {"message": self.message, "in": self.field, "code": self.code}


def is_digits(text: str) -> bool:
    """One or more ASCII digits and nothing else: no sign, space, underscore or another script's digits."""
    return _DIGITS.fullmatch(text) is not None


def parse_whole(value: Any, least: int = 0, most: int = INT64_MAX, json_numbers: bool = False) -> int | None:
    """`value` as an int in least..most: a string of ASCII digits, or a JSON integer when `json_numbers`; else None."""
    if json_numbers and isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and is_digits(value) and len(value) <= len(str(most)):
        number = int(value)  # bounded length: int() never sees thousands of digits
    else:
        return None
    return number if least <= number <= most else None


def shown(value: Any) -> str:
    """A bad value as an error quotes it, cut short (a path or body may carry megabytes)."""
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def whole_number(
    value: Any,
    field: str,
    least: int = 0,
    most: int = INT64_MAX,
    json_numbers: bool = False,
    what: str = "a whole number",
    code: str = "INVALID_VALUE",
) -> tuple[int | None, FieldError | None]:
    """`parse_whole`, or a FieldError naming `field` and saying what it must be (`what`, ASCII digits, the range)."""
    number = parse_whole(value, least, most, json_numbers)
    if number is not None:
        return number, None
    message = f"{field} must be {what}: digits 0-9 only, from {least} to {most}; got {shown(value)}"
    return None, FieldError(field, message, code)
