"""The typed scenario model: durations and value names in messages (simulator/scenarios/model.py)."""

from __future__ import annotations

import pytest

from simulator.scenarios.model import parse_duration, show


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(5, 5.0), (0.5, 0.5), ("5s", 5.0), ("500ms", 0.5), ("2m", 120.0), ("1.5 s", 1.5), ("3", 3.0), (".5s", 0.5)],
)
def test_parse_duration(value: object, seconds: float) -> None:
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", [True, None, "5x", "-1s", -1, [1], "1h"])
def test_parse_duration_rejects(value: object) -> None:
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration(value)


def test_show_names_values_as_users_wrote_them() -> None:
    values: list[object] = ["x", None, True, {}, [], 5]
    assert [show(value) for value in values] == [
        "'x'", "nothing (null)", "true (a boolean)", "a mapping", "a list", "5",
    ]  # fmt: skip
