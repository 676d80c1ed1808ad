"""Import rules that keep the layers apart, checked on the source with ``ast`` (no import-linter needed).

- Textual (and Rich, which it draws with) is imported only under ``inkreader/tui``.
- ``fetch``, ``extract``, ``convert`` and ``store`` never import each other, nor anything above them (the Reader,
  the pipeline, the CLI, the TUI, the demo): they meet only in ``pipeline.py`` and ``reader.py``, through the
  shared contracts (``model``, ``errors``, ``text``, ``config`` and the package's ``__version__``).
- Nothing but the CLI (which starts it) imports the TUI.
- Starting the reader imports nothing its first frame does not need (the fetcher, extraction, feeds, citations,
  the dialogs...): each is imported where it is first used, so a cached piece is on screen sooner.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "inkreader"
LAYERS = ("fetch", "extract", "convert", "store")
SHARED = {"inkreader", "inkreader.model", "inkreader.errors", "inkreader.text", "inkreader.config", "inkreader.files"}
UI_LIBRARIES = ("textual", "rich")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (relative imports resolved), type-checking-only imports included."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # "from . import cnas" imports the module inkreader.extract.cnas
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


def source_files() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "site" not in path.relative_to(PACKAGE).parts)


FILES = {module_name(path): path for path in source_files()}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "inkreader" else None


def own_imports(module: str) -> set[str]:
    """The modules of ours that ``module`` imports (names imported from them that are not modules dropped)."""
    return {name for name in imports(FILES[module]) if name in FILES}


def test_the_rules_see_every_module() -> None:
    assert {"inkreader.reader", "inkreader.pipeline", "inkreader.fetch.client", "inkreader.tui.app"} <= set(FILES)
    assert "inkreader.extract.cnas" in own_imports("inkreader.extract.registry")  # from . import cnas
    assert "inkreader.convert" in own_imports("inkreader.pipeline")  # from .convert import to_markdown
    assert "inkreader" in own_imports("inkreader.fetch.client")  # from .. import __version__


def test_textual_only_in_the_tui() -> None:
    wrong = {
        module: sorted(name for name in imports(path) if name.split(".")[0] in UI_LIBRARIES)
        for module, path in FILES.items()
        if layer_of(module) != "tui"
    }
    assert not {module: names for module, names in wrong.items() if names}, "Textual and Rich belong in tui/"


def test_layers_never_import_sideways_or_up() -> None:
    wrong = {
        module: sorted(name for name in own_imports(module) if name not in SHARED and layer_of(name) != layer)
        for module in FILES
        if (layer := layer_of(module)) in LAYERS
    }
    assert not {module: names for module, names in wrong.items() if names}, f"only {sorted(SHARED)} are shared"


def test_only_the_cli_starts_the_tui() -> None:
    wrong = {
        module: sorted(name for name in own_imports(module) if layer_of(name) == "tui")
        for module in FILES
        if layer_of(module) != "tui" and module != "inkreader.cli"
    }
    assert not {module: names for module, names in wrong.items() if names}


NOT_BEFORE_THE_FIRST_FRAME = {
    # third-party libraries for fetching, extraction, feeds and citations
    "httpx",
    "lxml",
    "bs4",
    "markdownify",
    "trafilatura",
    "fastfeedparser",
    "listparser",
    "citeproc",
    "protego",
    # ours: the network and page reading, feeds, citations, highlights' anchoring, export
    "inkreader.fetch",
    "inkreader.pipeline",
    "inkreader.convert",
    "inkreader.sources",
    "inkreader.cite",
    "inkreader.annotate",
    "inkreader.export",
    # the TUI's screens and helpers used on a key press, not to draw the first page
    "inkreader.tui.screens.library",
    "inkreader.tui.screens.dialogs",
    "inkreader.tui.screens.help",
    "inkreader.tui.screens.navigation",
    "inkreader.tui.system",
    "inkreader.tui.links",
    "inkreader.tui.textmap",
    "inkreader.tui.visual",
    "inkreader.tui.widgets.findbar",
    # the other commands' CLI, and the data classes of highlights and sources (inkreader.model loads them on use)
    "inkreader.cli_annotate",
    "inkreader.cli_sources",
    "inkreader.model_annotations",
    "inkreader.model_sources",
    # the standard library's, for settings files and highlight hashes only
    "tomllib",
    "hashlib",
}


def test_starting_the_reader_imports_only_what_the_first_frame_needs() -> None:
    # what `inkreader URL` imports before Textual draws: the CLI, the Reader and the TUI app (tui/app.py)
    code = "import sys, inkreader.cli, inkreader.reader, inkreader.tui.app; print(*sorted(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    early = sorted(
        module
        for module in loaded
        if any(module == name or module.startswith(f"{name}.") for name in NOT_BEFORE_THE_FIRST_FRAME)
    )
    assert early == []
