"""The import graph shows the design: no cycles, the core below the UI, screens below the app.

Every import of a runtimer module counts, wherever it is written: at the top, inside a
function (the lazy imports that keep start-up quick) or under `TYPE_CHECKING`. A cycle
that works only because one side imports late is still a cycle: it makes the code
hard to change and to test in parts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "runtimer"


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str) -> set[str]:
    """The runtimer modules `module` imports (a name imported from a package counts
    as its submodule when there is one: `from runtimer.core import safefile`)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                child = f"{node.module}.{alias.name}"
                found.add(child if child in MODULES else node.module)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: _imports(module) for module in MODULES}


def _cycles() -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(GRAPH[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    return groups


def test_the_graph_sees_the_modules() -> None:
    assert "runtimer.ui.app" in GRAPH["runtimer.cli.app"]
    assert "runtimer.core.session" in GRAPH["runtimer.core.workout"]
    assert len(MODULES) > 40


def test_no_import_cycle_anywhere() -> None:
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("runtimer.core")))
def test_the_core_imports_neither_the_ui_nor_the_command_line(module: str) -> None:
    above = {m for m in GRAPH[module] if m.startswith(("runtimer.ui", "runtimer.cli"))}
    assert above == set()


@pytest.mark.parametrize(
    "module",
    sorted(m for m in MODULES if m.startswith(("runtimer.ui.screens", "runtimer.ui.widgets"))),
)
def test_screens_and_widgets_import_neither_the_app_nor_the_command_line(module: str) -> None:
    above = {m for m in GRAPH[module] if m == "runtimer.ui.app" or m.startswith("runtimer.cli")}
    assert above == set()


def test_the_ui_never_imports_the_command_line() -> None:
    offenders = {
        module: sorted(m for m in GRAPH[module] if m.startswith("runtimer.cli"))
        for module in GRAPH
        if module.startswith("runtimer.ui")
    }
    assert {module: found for module, found in offenders.items() if found} == {}
