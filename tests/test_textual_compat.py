"""Textual's private API only in tui/compat.py, and its patches of Textual only while the app runs, on the Textual
they were written for."""

from __future__ import annotations

import ast
import importlib
import inspect
import logging
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import inkreader.tui
from inkreader.tui import compat

TUI = Path(inkreader.tui.__file__).parent
PRIVATE_MODULE = ("textual._", "textual.widgets._")


def private_imports(tree: ast.AST) -> list[str]:
    """``import textual._x``, ``from textual._x import y``, ``from textual.widgets._x import y`` and
    ``from textual.x import _y``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith(PRIVATE_MODULE)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
            module = node.module or ""
            if module.startswith(PRIVATE_MODULE) or ".__" in module:
                found.append(module)
            found += [f"{module}.{a.name}" for a in node.names if a.name.startswith("_") and a.name != "__version__"]
    return found


def defined_names(body: list[ast.stmt]) -> list[str]:
    """The methods and class attributes a class body defines."""
    names = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


def private_overrides(module_name: str) -> list[str]:
    """Methods and attributes that a class of the module defines under a private name which a Textual class it
    derives from defines too: Textual calls or reads those itself, and a release may change what they mean."""
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    found = []

    def visit(body: list[ast.stmt], owner: object) -> None:
        for node in body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(owner, node.name, None)
            if not inspect.isclass(cls):
                continue
            textual_bases = [base for base in cls.__mro__[1:] if base.__module__.split(".")[0] == "textual"]
            for name in defined_names(node.body):
                private = name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
                if private and any(name in vars(base) for base in textual_bases):
                    found.append(f"{cls.__qualname__}.{name}")
            visit(node.body, cls)

    visit(tree.body, module)
    return found


def tui_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages([str(TUI)], prefix="inkreader.tui.")
        if not info.name.endswith(".compat")
    )


def test_the_guard_sees_private_imports_and_overrides() -> None:
    """The checks below catch what they are for (so an empty list means something)."""
    tree = ast.parse(
        "import textual._time\nfrom textual._slug import slug\nfrom textual.widgets._footer import FooterKey\n"
        "from textual.app import _private\nfrom textual.app import App\n"
    )
    assert private_imports(tree) == [
        "textual._time",
        "textual._slug",
        "textual.widgets._footer",
        "textual.app._private",
    ]
    assert compat.__name__ == "inkreader.tui.compat"
    assert private_overrides("inkreader.tui.compat") == ["UnseenInput._watch_selection"]


def test_private_textual_api_only_in_compat() -> None:
    offenders = []
    for path in TUI.rglob("*.py"):
        if path.name == "compat.py":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: import {name}" for name in private_imports(ast.parse(text))]
        if "._content" in text:  # a Markdown block's private text
            offenders.append(f"{path.name}: ._content")
    for module_name in tui_modules():
        offenders += [f"{module_name}: overrides {name}" for name in private_overrides(module_name)]
    assert offenders == []


def test_workarounds_go_in_when_the_app_starts_not_at_import() -> None:
    """Importing the TUI changes nothing in Textual; creating the app puts the patches in (a process of its own:
    in this one another test may have started the app)."""
    code = """
import asyncio, tempfile
from textual.screen import Screen
from textual.timer import Timer
from textual._styles_cache import StylesCache
from inkreader.config import Settings, resolve_paths
from inkreader.reader import Reader
import inkreader.tui.app

def patched():
    return (getattr(Timer._run, "_inkreader", False), not Screen.__dict__["focused"]._repaint,
            not hasattr(StylesCache.__dict__["get_inner_outer"], "__wrapped__"))

print(patched())
reader = Reader(resolve_paths(tempfile.mkdtemp()).ensure(), settings=Settings(start_url=""))
inkreader.tui.app.InkReaderApp(reader)
print(patched())
asyncio.run(reader.aclose())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split("\n")[:2] == ["(False, False, False)", "(True, True, True)"], result.stderr


def test_workarounds_stay_out_on_another_textual_with_a_note(caplog: pytest.LogCaptureFixture) -> None:
    code = """
import logging
from textual.timer import Timer
from inkreader.tui import compat
logging.basicConfig(level=logging.INFO, format="%(message)s")
print(compat.install_workarounds("9.0.0"), getattr(Timer._run, "_inkreader", False))
compat.install_workarounds("9.0.0")  # noted once
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[] False"
    assert result.stderr.count("Textual 9.0.0 is running") == 1, result.stderr
    assert "workarounds for Textual 8.2.8 are off" in result.stderr
    with caplog.at_level(logging.WARNING, logger="inkreader.tui.compat"):
        assert compat.install_workarounds("0.1.0") == []
    assert "Textual 0.1.0 is running" in caplog.text


def test_the_installed_textual_is_the_one_the_workarounds_were_written_for() -> None:
    """The pin in pyproject.toml and compat.WRITTEN_FOR move together (see compat's docstring: what to check)."""
    import textual

    assert compat.textual_version() == compat.WRITTEN_FOR == textual.__version__
    pin = next(
        line for line in (Path(__file__).parents[1] / "pyproject.toml").read_text().splitlines() if '"textual==' in line
    )
    assert f'"textual=={compat.WRITTEN_FOR}"' in pin


def test_a_late_timer_ticks_on_its_next_beat_not_the_one_after() -> None:
    """Textual 8.2's Timer skipped a beat after a late tick; compat's fix counts the beats passed."""
    import textual.timer

    interval = 1 / 60
    # started at 0, late at 5.3 beats: the next tick is beat 6, so 5 beats have passed
    assert compat.beats_passed(0.0, 5.3 * interval, interval) == 5
    assert compat.beats_passed(10.0, 10.0 + 0.5 * interval, interval) == 0
    compat.install_workarounds()
    assert getattr(textual.timer.Timer._run, "_inkreader", False)
    # the fix copies Textual 8.2.8's loop: a Textual that changed it (or fixed the count) needs a new look
    assert "count = int((now - start) / _interval + 1)" in inspect.getsource(textual.timer)
