"""The package's layers: imports point one way (hubspot <- scenarios <- reports <- store <- server <- headless <-
cli)."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "simulator"

# Lower index = lower layer. A module may import its own layer, any lower layer, and the base modules.
LAYERS = ("hubspot", "scenarios", "reports", "store", "server", "headless", "testing", "cli")
BASE = frozenset({"errors", "settings", "paths", "eventlog", "log_vocabulary", "commands", "__init__"})
MODULE_LIMIT_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache  # every test walks the same tree: read it once per run
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every `simulator...` module a file imports, anywhere in it (function-level imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("simulator")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("simulator"):
                continue
            found.add(target)
            # `from simulator.server import api` imports a module, not a name.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if candidate in modules():
                    found.add(candidate)
    return frozenset(found)


def layer_of(module: str) -> str | None:
    """The layer a `simulator.x[.y]` module belongs to; None for the base modules."""
    top = module.split(".")[1] if "." in module else "__init__"
    if top in BASE:
        return None
    return "cli" if top == "__main__" else top


def test_every_module_belongs_to_a_known_layer_or_the_base() -> None:
    unknown = [name for name in modules() if layer_of(name) is not None and layer_of(name) not in LAYERS]
    assert unknown == [], f"modules outside the layers {LAYERS} and the base {sorted(BASE)}: {unknown}"


def test_imports_point_from_higher_layers_to_lower_ones_only() -> None:
    wrong = []
    for name, path in modules().items():
        layer = layer_of(name)
        for target in imported_modules(path):
            target_layer = layer_of(target)
            if target_layer is None:
                continue
            if layer is None:
                wrong.append(f"{name} (base) imports {target}: base modules import no layer")
            elif LAYERS.index(target_layer) > LAYERS.index(layer):
                wrong.append(f"{name} ({layer}) imports {target} ({target_layer}), a higher layer")
    assert wrong == [], "\n".join(wrong)


def test_no_import_cycles_between_modules() -> None:
    graph = {
        name: {t for t in imported_modules(path) if t in modules() and t != name} for name, path in modules().items()
    }
    # Package __init__ files re-export nothing here, so an edge to a package is an edge to its __init__ only.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


# The mock of HubSpot is plain functions over data; its conversation (the log's waits) and the scenario engine
# await (asyncio) but serve nothing.
CONVERSATION = "simulator.hubspot.conversation"


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("simulator.hubspot", ("aiohttp", "playwright", "jinja2", "asyncio")),
        (CONVERSATION, ("aiohttp", "playwright", "jinja2")),
        ("simulator.scenarios", ("aiohttp", "playwright", "jinja2")),
    ],
)
def test_the_pure_layers_load_no_web_or_browser_library(package: str, forbidden: tuple[str, ...]) -> None:
    inside = [name for name in modules() if name == package or name.startswith(package + ".")]
    modules_of = sorted(name for name in inside if package == CONVERSATION or name != CONVERSATION)
    code = (
        "import importlib, sys\n"
        f"for name in {modules_of!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", f"{package} pulls in: {result.stdout.strip()}"


def test_no_module_is_over_the_size_limit() -> None:
    long = {
        name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MODULE_LIMIT_LINES
    }
    assert long == {}, f"modules over {MODULE_LIMIT_LINES} lines: {long}"


def test_the_checker_sees_top_level_relative_and_function_level_imports() -> None:
    found = imported_modules(PACKAGE / "server" / "commands.py")
    assert {"simulator.commands", "simulator.settings"} <= found
    assert "simulator.server.foreground" in found, "a command imports what it runs inside its function"


def test_test_modules_share_code_only_through_tests_helpers() -> None:
    tests_dir = PACKAGE.parent / "tests"
    wrong = []
    for path in sorted(tests_dir.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            module = node.module or "" if isinstance(node, ast.ImportFrom) else ""
            if module.startswith("tests.") and not module.startswith("tests.helpers"):
                wrong.append(f"{path.relative_to(tests_dir)} imports {module}")
    assert wrong == [], "test modules import each other (put shared code in tests/helpers/):\n" + "\n".join(wrong)
