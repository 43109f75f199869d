"""The log's vocabulary (log_vocabulary.py): note types and effect names are registered once, and the page agrees."""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

from simulator.eventlog import EventLog
from simulator.hubspot.validator.rules import Violation
from simulator.log_vocabulary import EffectName, NoteType
from simulator.paths import STATIC_DIR

PACKAGE = Path(__file__).resolve().parents[1] / "simulator"
EFFECTS_JS = STATIC_DIR / "js" / "effects.js"

# Modules that spell no note type or effect name themselves: they use the enums. (The rest still spell some as
# string literals; the scan below checks those literals are members.)
CONVERTED = {
    "hubspot/answers.py",
    "hubspot/calls.py",
    "hubspot/validator/ghosts.py",
    "hubspot/host.py",
    "hubspot/outcome.py",
    "scenarios/audit_checks.py",
    "scenarios/recorder.py",
    "scenarios/runner.py",
    "server/rest/cards.py",
    "server/rest/live.py",
    "server/rest/recordings.py",
    "server/page/session.py",
    "server/sinks.py",
}


def js_handlers() -> set[str]:
    """The keys of the `handlers` object in effects.js (methods at two spaces' indent)."""
    text = EFFECTS_JS.read_text()
    block = re.search(r"^const handlers = \{\n(.*?)^\};", text, re.S | re.M)
    assert block is not None, "effects.js has no `const handlers = { ... };`"
    return set(re.findall(r"^  (?:async )?([a-z_]+)\(", block.group(1), re.M))


@functools.cache  # parsed once for the module's tests (nothing here changes a tree)
def sources() -> dict[str, ast.Module]:
    return {path.relative_to(PACKAGE).as_posix(): ast.parse(path.read_text()) for path in PACKAGE.rglob("*.py")}


def literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


@functools.cache
def calls(tree: ast.Module) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def callee(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def note_types_spelled() -> list[tuple[str, int, str]]:
    """(module, line, type) for every `.append("note", "<type>", ...)` in simulator/."""
    found = []
    for name, tree in sources().items():
        for call in calls(tree):
            is_note = callee(call) == "append" and len(call.args) >= 2 and literal(call.args[0]) == "note"
            if is_note and (spelled := literal(call.args[1])) is not None:
                found.append((name, call.lineno, spelled))
    return found


def effect_names_spelled() -> list[tuple[str, int, str]]:
    """(module, line, name) for every `Effect("<name>", ...)` and `.effect("<name>", ...)` in simulator/."""
    found = []
    for name, tree in sources().items():
        for call in calls(tree):
            if callee(call) in {"Effect", "effect"} and call.args and (spelled := literal(call.args[0])) is not None:
                found.append((name, call.lineno, spelled))
    return found


def test_the_page_handles_every_effect_name_and_no_other() -> None:
    handlers = js_handlers()
    assert handlers == {name.value for name in EffectName}, (
        f"no handler for {sorted(set(EffectName) - handlers)}; handlers that are no EffectName: "
        f"{sorted(handlers - set(EffectName))}"
    )


def test_the_page_applies_only_effect_names_itself() -> None:
    applied = set()
    for path in (STATIC_DIR / "js").glob("*.js"):
        applied |= set(re.findall(r'applyEffect\("([a-z_]+)"', path.read_text()))
    assert applied  # actions.js shows and hides the widget, and raises alerts, through applyEffect
    assert applied <= set(EffectName), sorted(applied - set(EffectName))


def test_every_note_type_spelled_in_the_package_is_a_note_type() -> None:
    spelled = note_types_spelled()
    unknown = [(name, line, type_) for name, line, type_ in spelled if type_ not in set(NoteType)]
    assert unknown == [], f"note types that are no NoteType member: {unknown}"


def test_every_effect_name_spelled_in_the_package_is_an_effect_name() -> None:
    unknown = [(name, line, effect) for name, line, effect in effect_names_spelled() if effect not in set(EffectName)]
    assert unknown == [], f"effect names that are no EffectName member: {unknown}"


def test_the_converted_modules_spell_no_note_type_or_effect_name() -> None:
    spelled = [entry for entry in [*note_types_spelled(), *effect_names_spelled()] if entry[0] in CONVERTED]
    assert spelled == []
    # Nor do they read a note type back by string (`entry.type == "IFRAME_LOAD"`).
    notes = {note.value for note in NoteType}
    compared = []
    for name, tree in sources().items():
        if name not in CONVERTED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
                compared += [(name, node.lineno, v) for o in operands if (v := literal(o)) in notes]
    assert compared == []


def test_the_converted_modules_exist() -> None:
    assert set(sources()) >= CONVERTED, sorted(CONVERTED - set(sources()))


def test_members_are_their_strings_in_entries_and_json() -> None:
    log = EventLog("s1")
    entry = log.append("note", NoteType.IFRAME_LOAD, text="loaded")
    assert entry.type == "IFRAME_LOAD"
    assert json.loads(entry.json_text)["type"] == "IFRAME_LOAD"
    assert json.dumps({"name": EffectName.SET_WIDGET_URL}) == '{"name": "set_widget_url"}'
    assert all(note.value == note.name for note in NoteType)  # note types are spelled as their names


def test_a_violation_becomes_one_entry() -> None:
    log = EventLog("s1")
    about = log.append("in", "SYNC_ACK", message={"type": "SYNC_ACK"})
    entry = log.violation(Violation("handshake.late", "warning", "SYNC_ACK came late"), about.seq)
    assert entry.to_json() == {
        "seq": 2,
        "ts": entry.ts,
        "session_id": "s1",
        "direction": "violation",
        "type": "handshake.late",
        "rule": "handshake.late",
        "severity": "warning",
        "text": "SYNC_ACK came late",
        "ref": 1,
    }
    unreferenced = log.violation(Violation("recording.unplayable", "error", "no audio"))
    assert unreferenced.ref is None and unreferenced.severity == "error"
    assert log.violations == 2
