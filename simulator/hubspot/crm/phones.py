"""Phone numbers in E.164: normalising what a user or a fixtures file wrote, and the country of a number."""

from __future__ import annotations

import re

# Calling codes for the default countries we accept; "+1" is shared by the NANP countries.
CALLING_CODES: dict[str, str] = {"US": "1", "CA": "1", "GB": "44", "FR": "33", "DE": "49", "ES": "34", "AU": "61"}
COUNTRY_OF_CODE: dict[str, str] = {"1": "US", "44": "GB", "33": "FR", "49": "DE", "34": "ES", "61": "AU"}
# Not r"\D": that keeps other scripts' digits ("١٦١٧"), which are no part of an E.164 number.
NOT_DIGITS = re.compile(r"[^0-9]")


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
    digits = NOT_DIGITS.sub("", stripped)
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
