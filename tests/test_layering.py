"""The rooms import each other in one direction: no import cycle between modules or top-level packages.

Every import statement is read from the source (ast), also those inside functions, so a cycle
cannot hide behind an import done late.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable
from pathlib import Path

import pytest

from hdkg import PROJECT_ROOT

#: Imports of the project's own modules made inside a function, and why each is still there.
#: Any other such import fails the test: with the rooms layered, an import belongs at the top.
#: Imports of project modules inside functions that are allowed (none: layering allows top-level imports).
KNOWN_LATE_IMPORTS: set[tuple[str, str]] = set()


def project_modules(root: Path) -> dict[str, Path]:
    """Dotted name -> file, for every module of every top-level package but the tests."""
    modules: dict[str, Path] = {}
    for package in sorted(p for p in root.iterdir() if (p / "__init__.py").is_file() and p.name != "tests"):
        for path in sorted(package.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _imported_names(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: resolved against the importing module's package
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    # `from a import b` imports a, and a.b when b is a module.
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_edges(modules: dict[str, Path]) -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Module -> the project modules it imports (and their parent packages, which run first);
    and the (importer, imported) pairs done inside a function."""
    edges: dict[str, set[str]] = {name: set() for name in modules}
    late: set[tuple[str, str]] = set()
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        in_function: set[int] = set()
        for scope in ast.walk(tree):
            if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                in_function.update(id(inner) for inner in ast.walk(scope) if inner is not scope)
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            for name in _imported_names(module, path, node):
                target = _resolve(name, modules)
                if target and id(node) in in_function and target != module:
                    late.add((module, target))
                while target:
                    if target != module and not module.startswith(target + "."):
                        edges[module].add(target)
                    target = target.rpartition(".")[0]
    return edges, late


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def room_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    rooms: dict[str, set[str]] = {}
    for module, targets in edges.items():
        room = module.split(".")[0]
        rooms.setdefault(room, set()).update(t.split(".")[0] for t in targets if t.split(".")[0] != room)
    return rooms


def describe(found: list[list[str]], edges: dict[str, set[str]]) -> str:
    return "; ".join(" <-> ".join(component) + " (" + ", ".join(
        f"{a} -> {b}" for a in component for b in sorted(edges[a]) if b in component) + ")" for component in found)


def _edges_of(modules: Iterable[str], edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {(a, b) for a in modules for b in edges[a]}


MODULES = project_modules(PROJECT_ROOT)
EDGES, LATE = import_edges(MODULES)


def test_the_walk_sees_the_project():
    # Guards against a walk that finds nothing and so finds no cycle.
    assert {"hdkg", "hdkg.settings", "graph.queries", "queries", "loaders.load", "api.main", "cli.main"} <= set(MODULES)
    assert {("cli.main", "loaders.load"), ("queries", "graph.errors"), ("loaders.load", "graph.writer"),
            ("api.running", "graph.queries")} <= _edges_of(MODULES, EDGES)
    # Imports inside functions are seen (the benchmarks have some; the rooms none).
    assert any(importer.startswith("benchmarks.") for importer, _ in LATE)


def test_no_import_cycle_between_modules():
    found = cycles(EDGES)
    assert not found, f"module import cycles: {describe(found, EDGES)}"


def test_no_import_cycle_between_top_level_packages():
    rooms = room_edges(EDGES)
    found = cycles(rooms)
    assert not found, f"import cycles between top-level packages: {describe(found, rooms)}"


def test_settings_and_paths_import_no_other_room():
    # hdkg/ is importable by every room only because it imports none of them.
    assert room_edges(EDGES)["hdkg"] == set()


def test_the_runner_does_not_import_the_query_files_package():
    assert not any(target.split(".")[0] == "queries" for target in EDGES["graph.queries"])


def test_project_imports_sit_at_the_top_of_the_module():
    # The installed rooms; benchmarks/ is a set of scripts on top of them, not a room.
    packages = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    rooms = {package.split(".")[0] for package in packages}
    assert {"hdkg", "graph", "loaders", "queries", "api", "cli"} <= rooms
    late = {(a, b) for a, b in LATE if a.split(".")[0] in rooms} - KNOWN_LATE_IMPORTS
    assert not late, "imports of project modules inside functions: " + ", ".join(
        f"{a} imports {b}" for a, b in sorted(late))


# -- the check itself, on a made-up tree ---------------------------------------------------------

def _tree(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project_modules(root)


@pytest.mark.parametrize("how", ["top", "inside a function", "relative"])
def test_a_cycle_is_found_and_named(tmp_path, how):
    back = {"top": "from alpha.one import thing\n",
            "inside a function": "def late():\n    from alpha.one import thing\n",
            "relative": "from alpha import one\n"}[how]
    modules = _tree(tmp_path, {
        "alpha/__init__.py": "", "alpha/one.py": "import beta.two\nthing = 1\n",
        "beta/__init__.py": "", "beta/two.py": back if how != "relative" else "from .three import x\n",
        "beta/three.py": back + "x = 1\n",
        "tests/__init__.py": "", "tests/test_x.py": "import alpha.one\n",
    })
    assert "tests.test_x" not in modules
    edges, late = import_edges(modules)
    rooms = room_edges(edges)
    assert cycles(rooms) == [["alpha", "beta"]]
    assert "alpha -> beta" in describe(cycles(rooms), rooms) and "beta -> alpha" in describe(cycles(rooms), rooms)
    (component,) = cycles(edges)
    assert "alpha.one" in component and "beta.two" in component
    assert bool(late) == (how == "inside a function")


def test_layered_tree_has_no_cycle(tmp_path):
    modules = _tree(tmp_path, {
        "core/__init__.py": "", "low/__init__.py": "import core\n", "low/a.py": "from . import b\n",
        "low/b.py": "import core\n", "high/__init__.py": "", "high/c.py": "from low.a import x\n",
    })
    edges, _ = import_edges(modules)
    assert ("high.c", "low.a") in _edges_of(modules, edges) and ("high.c", "low") in _edges_of(modules, edges)
    assert cycles(edges) == [] and cycles(room_edges(edges)) == []
