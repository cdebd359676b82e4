"""The import graph of a package, read from its source (an AST scan), and the circles in it.

Every ``import`` and ``from … import`` statement counts, wherever it is: at module level, inside a
function, under ``if TYPE_CHECKING:``. An edge goes to the module named (``from a.b import c`` to
``a.b.c`` where that is a module of the package, else to ``a.b``); imports of modules outside the
package are left out. Written for any package directory, e.g. ``src/linghuo/policy`` or
``src/linghuo``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Set
from pathlib import Path

Graph = dict[str, set[str]]


def package_name(package_dir: Path) -> str:
    """The dotted name of a package directory: its name, under those of the packages holding it."""
    parts = [package_dir.name]
    parent = package_dir.parent
    while (parent / "__init__.py").is_file():
        parts.insert(0, parent.name)
        parent = parent.parent
    return ".".join(parts)


def modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package (sub-packages included), by dotted name."""
    package = package_name(package_dir)
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(package_dir).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        if "__pycache__" in parts:
            continue
        found[".".join([package, *parts])] = path
    return found


def import_graph(package_dir: Path) -> Graph:
    """Each module of the package → the modules of the package it imports."""
    found = modules(package_dir)
    graph: Graph = {}
    for name, path in found.items():
        imported = {_module_of(target, found) for target in _imported(name, path)}
        graph[name] = {target for target in imported if target is not None and target != name}
    return graph


def imported_names(package_dir: Path) -> dict[str, set[str]]:
    """Each module of the package → every dotted name its import statements name, modules outside the
    package included (``django.db``, ``linghuo.divisions``)."""
    return {name: set(_imported(name, path)) for name, path in modules(package_dir).items()}


def package_graph(graph: Mapping[str, Set[str]], package: str) -> Graph:
    """The graph between the parts directly under ``package``: each sub-package and each top-level
    module is one node (``linghuo.registry`` for every ``linghuo.registry.…`` module), the package's own
    ``__init__`` another (``linghuo``); an edge for every import from one part into another."""
    depth = len(package.split(".")) + 1

    def part(module: str) -> str:
        return ".".join(module.split(".")[:depth])

    parts: Graph = {}
    for source, targets in graph.items():
        edges = parts.setdefault(part(source), set())
        edges.update(part(target) for target in targets if part(target) != part(source))
    return parts


def _imported(module: str, path: Path) -> Iterator[str]:
    """The dotted names the module's import statements name: ``a.b`` for ``import a.b``, ``a.b.c``
    for ``from a.b import c`` (a module ``c``, or a name defined in ``a.b``)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                yield base if alias.name == "*" else f"{base}.{alias.name}"


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, *([name] if name else [])])


def _module_of(name: str, found: Mapping[str, object]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package (``a.b.c`` may be ``c`` in
    ``a.b``)."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in found:
            return prefix
    return None


def circles(graph: Mapping[str, Set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or through others (the strongly
    connected components of more than one module), each sorted; none for an acyclic graph."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def reachable(graph: Mapping[str, Set[str]], start: str) -> set[str]:
    """The modules ``start`` imports, directly or through others."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
