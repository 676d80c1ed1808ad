"""Import rules that keep the layers apart, checked on the source with ``ast`` (no import-linter needed).

- Textual (and Rich, which it draws with) is imported only under ``inkreader/tui``.
- ``fetch``, ``extract``, ``convert`` and ``store`` never import each other, nor anything above them (the Reader,
  the pipeline, the CLI, the TUI, the demo): they meet only in ``pipeline.py`` and ``reader.py``, through the
  shared contracts (``model``, ``errors``, ``text``, ``config`` and the package's ``__version__``).
- Nothing but the CLI (which starts it) imports the TUI.
- No import cycles: no module imports one that imports it back, directly or through others, at the top or
  inside a function (imports under ``if TYPE_CHECKING:`` aside: they never run).
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


def runtime_imports(module: str) -> set[str]:
    """The modules of ours that ``module`` makes Python load when it runs: every import statement, at the top or
    inside a function, and ``importlib.import_module("…")`` with a name written out; imports under
    ``if TYPE_CHECKING:`` are left out (they never run). ``from pkg import name`` needs ``pkg.name`` when that is
    a module of ours, else ``pkg`` (its ``__init__``)."""
    path = FILES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for statement in node.body
        for inner in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in FILES else target)
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("importlib.import_module", "import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    ours = set()
    for name in found:
        while name and name not in FILES:  # "inkreader.extract.urls.canonical_url" is in inkreader.extract.urls
            name = name.rpartition(".")[0]
        if name and name != module:
            ours.add(name)
    return ours


def import_cycles() -> list[list[str]]:
    """Each set of two or more modules that import one another, through any chain (Tarjan's strongly connected
    components), sorted."""
    edges = {module: runtime_imports(module) for module in FILES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(FILES):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_the_cycle_finder_sees_lazy_imports_and_skips_type_checking_ones() -> None:
    assert "inkreader.pipeline" in runtime_imports("inkreader")  # inside extract_article
    assert "inkreader.model_sources" in runtime_imports("inkreader.model")  # inside __getattr__
    assert "inkreader.model" not in runtime_imports("inkreader.model_sources")  # under TYPE_CHECKING only


def test_no_import_cycles() -> None:
    # A module that imports one which imports it back (at once or through others, lazily or not) runs half
    # loaded, depends on the order of first use, and makes the two one unit in all but name. Imports that point
    # down the layers, made lazily for cold start, are fine; one that points back up is the cycle.
    assert import_cycles() == []
