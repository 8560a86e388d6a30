"""The core never imports Textual, directly or through another module.

The core (routine model, loader, plan, session engine, logs, audio) must stay usable
from the command line and from tests without a terminal UI: `runtimer list` and
`runtimer check` start fast, and the engine is tested in milliseconds.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "runtimer"

CORE_DIR = PACKAGE / "core"
# Pure Python the UI uses (no Textual needed to test it).
_PURE_UI = ["runtimer.ui.pastefilter"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _core_modules() -> list[str]:
    """Every module under runtimer/core: being there is what makes a module core."""
    return [_module_name(path) for path in sorted(CORE_DIR.rglob("*.py"))] + _PURE_UI


CORE = _core_modules()
# The command line must not load Textual either until a command opens the app.
NO_TEXTUAL_AT_IMPORT = [*CORE, "runtimer.cli"]

# Run in a fresh interpreter: prints the import chain that first reached Textual.
_PROBE = """
import importlib, sys, traceback

class Spy:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            stack = [f.filename + ":" + str(f.lineno) for f in traceback.extract_stack()
                     if "importlib" not in f.filename and f.filename != "<string>"]
            print("textual imported via:", *stack, sep="\\n  ")
            sys.exit(1)
        return None

sys.meta_path.insert(0, Spy())
importlib.import_module(sys.argv[1])
assert not any(m == "textual" or m.startswith("textual.") for m in sys.modules)
"""


@pytest.fixture(scope="module")
def import_results() -> dict[str, subprocess.CompletedProcess[str]]:
    """Import each module in its own interpreter, all at once (2 cores: keep it quick)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = {
        module: subprocess.Popen(
            [sys.executable, "-c", _PROBE, module],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for module in NO_TEXTUAL_AT_IMPORT
    }
    results = {}
    for module, process in processes.items():
        out, err = process.communicate(timeout=120)
        results[module] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return results


def test_the_core_modules_are_all_checked() -> None:
    assert {"runtimer.core.session", "runtimer.core.loader", "runtimer.core.plan"} <= set(CORE)
    assert "runtimer.core.audio.player" in CORE


@pytest.mark.parametrize("module", NO_TEXTUAL_AT_IMPORT)
def test_importing_does_not_load_textual(
    module: str, import_results: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result = import_results[module]
    assert result.returncode == 0, f"{module} loads Textual:\n{result.stdout}{result.stderr}"


def _file_of(module: str) -> Path:
    relative = Path(*module.split(".")[1:])
    package = PACKAGE / relative / "__init__.py"
    return package if package.exists() else PACKAGE / relative.with_suffix(".py")


def _imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.append((node.lineno, node.args[0].value))
    return names


UI_MODULES = ("textual", "runtimer.ui", "runtimer.cli")


@pytest.mark.parametrize("module", CORE)
def test_no_core_file_imports_textual_or_the_ui_even_lazily(module: str) -> None:
    path = _file_of(module)
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    offending = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for line, name in _imported_names(tree)
        if any(name == ui or name.startswith(f"{ui}.") for ui in UI_MODULES)
    ]
    assert not offending
