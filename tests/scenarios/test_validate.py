"""`callsim validate` (simulator/validate.py)."""

from __future__ import annotations

import io
from pathlib import Path

from simulator.scenarios.validate import validate_command

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"


def run(paths: list[str]) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    code = validate_command(paths, out=out, err=err)
    return code, out.getvalue().splitlines(), err.getvalue()


def test_valid_files_and_directories() -> None:
    code, lines, err = run([str(FIXTURES / "good")])
    assert (code, lines, err) == (0, ["2 files OK"], "")
    code, lines, _ = run([str(FIXTURES / "good" / "minimal.yml")])
    assert (code, lines) == (0, ["1 file OK"])


def test_the_shipped_library_is_valid() -> None:
    code, lines, _ = run([str(ROOT / "scenarios")])
    assert code == 0, lines
    assert lines[-1].endswith("files OK")


def test_each_error_is_one_located_line_then_a_summary() -> None:
    bad = FIXTURES / "bad" / "typo-in-step-key.yaml"
    code, lines, _ = run([str(bad), str(FIXTURES / "good")])
    assert code == 2
    assert lines == [f"{bad}:6:5: step 2: unknown key 'expct' (did you mean 'expect'?)", "1 error in 1 file"]


def test_all_errors_in_all_files() -> None:
    code, lines, _ = run([str(FIXTURES / "bad")])
    assert code == 2
    assert lines[-1] == "13 errors in 5 files"
    assert all(line.startswith(str(FIXTURES / "bad")) for line in lines[:-1])


def test_missing_unreadable_and_empty_inputs_are_errors_not_tracebacks(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00")
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    code, lines, _ = run([str(tmp_path / "missing.yaml"), str(binary), str(empty_dir)])
    assert code == 2
    assert lines == [
        f"{tmp_path / 'missing.yaml'}: no such file or directory",
        f"{empty_dir}: no *.yaml or *.yml files in this directory",
        f"{binary}: not UTF-8 text (invalid start byte at byte 0)",
        "3 errors in 3 files",
    ]


def test_an_empty_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    code, lines, _ = run([str(empty)])
    assert code == 2
    assert lines == [f"{empty}: the file is empty; expected a mapping with name and steps", "1 error in 1 file"]


def test_no_paths_is_a_usage_error() -> None:
    code, lines, err = run([])
    assert (code, lines) == (2, [])
    assert err == "callsim validate: give one or more scenario files or directories\n"
