"""The package layout (CONTRIBUTING.md, "Where things live"), checked from the source: the core
imports no product package and no adapter, argmap's modules import one another without cycles
(lazy imports inside functions included), and no module is over 400 lines."""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "tools" / "argmap"
PRODUCTS = ("argmap.maps", "argmap.website", "argmap.pdf", "argmap.interchange", "argmap.authoring")
ADAPTERS = ("argmap.cli", "argmap.mkdocs_plugin", "argmap.pipeline")
MAX_LINES = 400
#: Modules over the limit, each with the reason it is not split yet (none now: keep it so).
LONG_MODULES: dict[str, str] = {}


def _name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The argmap module ``name`` is, or is inside (``argmap.maps.graph.ViewError`` → ``argmap.maps.graph``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    """Every argmap module ``module`` imports, at the top or inside a function."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *filter(None, [base])])
            names = [f"{base}.{a.name}" for a in node.names]
        for name in names:
            target = _resolve(name) if name.startswith("argmap") else None
            if target and target != module:
                found.add(target)
    return found


GRAPH = {m: imports(m) for m in MODULES}


def test_the_layout_is_what_contributing_says() -> None:
    assert {m.split(".")[1] for m in MODULES if m.count(".") >= 1} >= {
        "core", "maps", "website", "pdf", "interchange", "authoring", "cli", "mkdocs_plugin", "pipeline"}
    text = (PACKAGE.parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## Where things live" in text
    for package in ("core", "maps", "website", "pdf", "interchange", "authoring"):
        assert f"`tools/argmap/{package}/`" in text, package


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("argmap.core")))
def test_core_imports_no_product_and_no_adapter(module: str) -> None:
    bad = sorted(t for t in GRAPH[module] if t.startswith(PRODUCTS + ADAPTERS))
    assert bad == [], f"{module} imports {bad}"


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle found by a depth-first walk, as the list of modules around it."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2
    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_no_import_cycles() -> None:
    """A cycle, even through a lazy import inside a function, means two modules that cannot be
    understood (or moved) apart."""
    assert find_cycles(GRAPH) == [], [" → ".join(c) for c in find_cycles(GRAPH)]


def test_the_cycle_check_can_fail() -> None:
    """Imports inside functions are seen, and a cycle is found."""
    assert "argmap.maps.render" in GRAPH["argmap.maps"]  # make_map imports it inside the function
    assert "argmap.interchange.jsonexport" in GRAPH["argmap.interchange"]  # lazily, in _json
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_module_is_over_400_lines() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    over = {m for m, n in sizes.items() if n > MAX_LINES}
    assert over - set(LONG_MODULES) == set(), {m: sizes[m] for m in over - set(LONG_MODULES)}
    assert set(LONG_MODULES) <= over, f"no longer over {MAX_LINES} lines, drop from LONG_MODULES: " \
                                      f"{sorted(set(LONG_MODULES) - over)}"


#: The only broad handlers that do not re-raise, each a deliberate last line of defence
#: (tests/test_build_failures.py or tests/test_background.py has a test for each). Handlers that
#: clean up (or add a note) and end in a bare ``raise`` swallow nothing and are allowed anywhere.
BROAD_HANDLERS = {
    ("argmap.cli", "main"): "one line instead of a traceback for an internal error",
    ("argmap.mkdocs_plugin", "_build"): "the live preview keeps its last good state",
    ("argmap.mkdocs_plugin", "_maps_drawn"): "a map drawn in the background fails the build in one line, as in _build",
    ("argmap.background", "_child"): "the child's exception is sent to the parent, which raises it there",
}


def test_broad_exception_handlers_are_only_the_kept_ones() -> None:
    found: set[tuple[str, str]] = set()
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ExceptHandler) and (
                        node.type is None or (isinstance(node.type, ast.Name)
                                              and node.type.id in ("Exception", "BaseException"))):
                    last = node.body[-1]
                    if not (isinstance(last, ast.Raise) and last.exc is None):
                        found.add((module, func.name))
    assert found == set(BROAD_HANDLERS)
