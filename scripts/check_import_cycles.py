#!/usr/bin/env python3
"""Fail on an import cycle between the project's own modules, or on an import across the layers.

The import graph is read from the source with `ast`, never by importing anything, so the check
needs no settings, no database and no installed dependency. Every import statement counts
wherever it stands, inside a function or a method included: an import tucked into a function
to dodge a cycle is still a cycle. What does not count:

- imports under `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`): they never run; their `else:`
  branch does, and counts;
- strings naming a module, such as strawberry's `Annotated["EventType",
  strawberry.lazy("graphql_api.events.types")]` or Django's "home.EventPage": strawberry resolves
  them after every module has loaded, which is how mutually referring types avoid a cycle;
- importing a package's `__init__` on the way to a module: `import a.b.c` and
  `from a.b import c` are edges to `a.b.c` alone, as import-linter's graph (grimp) has them: else
  a package whose `__init__` re-exports its modules would be in a cycle with each of its modules
  that imports a sibling by its full name.

Relative imports are resolved against the importing module's package; `from pkg import name` is
an edge to the module `pkg.name` when that module exists, and to `pkg` otherwise.

Cycles are the strongly connected components of more than one module (Tarjan's algorithm), each
printed with the import lines that form it and one cycle through it. The layers are checked on
the same graph, since dependencies point down only: `jp` imports no other project package,
`home` imports no channel, and a channel imports another channel only through an edge in
ALLOWED_CHANNEL_EDGES below, module to module. `cms` (settings and URLs), `backups` and `bench`
sit on top and may import anything.

    python scripts/check_import_cycles.py               # the project's packages
    python scripts/check_import_cycles.py --root DIR pkg_a pkg_b

Exits 1 when it finds a cycle, a layer violation or a line of ALLOWED_CHANNEL_EDGES that no import
uses any more; 0 otherwise.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

PROJECT_PACKAGES = (
    "cms",
    "jp",
    "home",
    "graphql_api",
    "feeds",
    "partners",
    "signage",
    "caching",
    "reliability",
    "security",
    "backups",
    "mail",
    "bench",
)
CHANNELS = frozenset(
    {"graphql_api", "feeds", "signage", "partners", "caching", "reliability", "security"}
)
# Every import from one channel into another, as (importing module, imported module): why.
# A name two channels share belongs in a neutral module below the channels, not in a new line
# here; the lines that say "to move" are such names, listed so that no new one joins them, and
# are deleted once the name has moved.
ALLOWED_CHANNEL_EDGES: dict[tuple[str, str], str] = {
    ("graphql_api.views", "caching.consumers"): "the endpoint answers through the shared cache",
    ("graphql_api.views", "caching.serve"): "the endpoint answers through the shared cache",
    ("partners.middleware", "signage.models"): "a known screen polls without a partner key",
    ("signage.query", "graphql_api.persisted"): "a screen polls the API's persisted query",
    ("signage.views", "graphql_api.schema"): "a screen's first content is the API's own answer",
    ("signage.apps", "graphql_api.signage.screens"): "the API finds screens through the app",
    ("signage.preview", "graphql_api.signage.content"): "previews show what the API would send",
    ("signage.preview", "graphql_api.signage.slides"): "previews show the slides the API builds",
    ("caching.invalidation", "signage.models"): "screens are content, like pages and images",
    ("caching.serve", "reliability.outage"): "cached answers stand in while the database is out",
}


@dataclass(frozen=True)
class Import:
    """One import statement's edge: `source` imports `target` at `path`:`line`."""

    source: str
    target: str
    path: Path
    line: int
    statement: str
    function: str | None

    def describe(self, root: Path) -> str:
        where = f"{self.path.relative_to(root)}:{self.line}"
        inside = f"  (inside {self.function})" if self.function else ""
        return f"{where}: {self.source} -> {self.target}: {self.statement}{inside}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def find_modules(root: Path, packages: list[str]) -> dict[str, Path]:
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path, root)] = path
    return modules


def is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


class ImportCollector(ast.NodeVisitor):
    """Every runtime import statement of one module, with the function it sits in (if any)."""

    def __init__(self, name: str, is_package: bool, modules: dict[str, Path], source: str):
        self.name = name
        self.package = name if is_package else name.rpartition(".")[0]
        self.modules = modules
        self.source = source
        self.functions: list[str] = []
        self.imports: list[tuple[str, ast.stmt, str, str | None]] = []

    def visit_If(self, node: ast.If) -> None:
        if is_type_checking(node.test):
            for statement in node.orelse:
                self.visit(statement)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(self.existing_module(alias.name), node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self.absolute(node.module, node.level)
        if base is None:
            return
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            self.add(submodule if submodule in self.modules else self.existing_module(base), node)

    def absolute(self, module: str | None, level: int) -> str | None:
        if level == 0:
            return module
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        anchor = parts[: len(parts) - (level - 1)]
        return ".".join(anchor + ([module] if module else []))

    def existing_module(self, dotted: str) -> str | None:
        """The deepest project module along `dotted`, or None for anything outside the project."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None

    def add(self, target: str | None, node: ast.stmt) -> None:
        if target is None or target == self.name:
            return
        if any(known == target and statement is node for known, statement, _, _ in self.imports):
            return
        statement = " ".join((ast.get_source_segment(self.source, node) or "").split())
        function = ".".join(self.functions) if self.functions else None
        self.imports.append((target, node, statement, function))


def collect_imports(root: Path, modules: dict[str, Path]) -> list[Import]:
    imports = []
    for name, path in modules.items():
        source = path.read_text(encoding="utf-8")
        collector = ImportCollector(name, path.name == "__init__.py", modules, source)
        collector.visit(ast.parse(source, filename=str(path)))
        imports.extend(
            Import(name, target, path, node.lineno, statement, function)
            for target, node, statement, function in collector.imports
        )
    return imports


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that a deep import chain cannot hit the recursion limit."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowlink[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = lowlink[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    lowlink[node] = min(lowlink[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowlink[parent] = min(lowlink[parent], lowlink[node])
                if lowlink[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def one_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest cycle through the component's first module, staying inside the component."""
    members = set(component)
    start = component[0]
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for successor in sorted(graph[node] & members):
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if successor not in previous:
                previous[successor] = node
                queue.append(successor)
    return component


def find_cycles(
    imports: list[Import], modules: dict[str, Path]
) -> list[tuple[list[str], list[str]]]:
    """Each cycle as (its modules, one cycle through them), largest first."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for edge in imports:
        graph[edge.source].add(edge.target)
    components = [c for c in strongly_connected_components(graph) if len(c) > 1]
    components.sort(key=lambda component: (-len(component), component))
    return [(component, one_cycle(graph, component)) for component in components]


def top_package(module: str) -> str:
    return module.partition(".")[0]


def layer_violation(edge: Import) -> str | None:
    """Why this import breaks ARCHITECTURE.md's layers, or None when it does not."""
    source, target = top_package(edge.source), top_package(edge.target)
    if source == target:
        return None
    if source == "jp":
        return "jp (below every layer) imports no other project package"
    if source == "home" and target in CHANNELS:
        return "home imports no channel"
    if (
        source in CHANNELS
        and target in CHANNELS
        and (edge.source, edge.target) not in ALLOWED_CHANNEL_EDGES
    ):
        return "a channel imports no other channel (ALLOWED_CHANNEL_EDGES lists the exceptions)"
    return None


def stale_allowed_edges(imports: list[Import], packages: list[str]) -> list[tuple[str, str]]:
    """Allowed channel edges that no import uses any more, when the whole project is checked."""
    if not {top_package(source) for source, _ in ALLOWED_CHANNEL_EDGES} <= set(packages):
        return []
    present = {(edge.source, edge.target) for edge in imports}
    return [allowed for allowed in ALLOWED_CHANNEL_EDGES if allowed not in present]


def report(root: Path, packages: list[str]) -> tuple[list[str], bool]:
    """The report's lines, and whether the tree passed."""
    modules = find_modules(root, packages)
    imports = collect_imports(root, modules)
    lines = []
    cycles = find_cycles(imports, modules)
    for component, cycle in cycles:
        members = set(component)
        lines.append(f"Import cycle between {len(component)} modules: {', '.join(component)}")
        lines.append(f"  one cycle: {' -> '.join(cycle)}")
        lines.append("  the imports that form it:")
        lines.extend(
            f"    {edge.describe(root)}"
            for edge in imports
            if edge.source in members and edge.target in members
        )
    violations = [(edge, why) for edge in imports if (why := layer_violation(edge))]
    if violations:
        lines.append(f"Layer violations ({len(violations)}):")
        lines.extend(f"  {edge.describe(root)}\n    {why}" for edge, why in violations)
    stale = stale_allowed_edges(imports, packages)
    if stale:
        lines.append("ALLOWED_CHANNEL_EDGES lists imports that are gone; delete these lines:")
        lines.extend(f"  {source} -> {target}" for source, target in stale)
    passed = not cycles and not violations and not stale
    if passed:
        lines.append(
            f"No import cycle and no layer violation in {len(modules)} modules "
            f"({len(imports)} imports) of {', '.join(packages)}."
        )
    else:
        lines.append(
            f"FAILED: {len(cycles)} import cycle(s), {len(violations)} layer violation(s) "
            f"in {len(modules)} modules."
        )
    return lines, passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("packages", nargs="*", default=list(PROJECT_PACKAGES))
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    arguments = parser.parse_args(argv)
    root = arguments.root.resolve()
    missing = [package for package in arguments.packages if not (root / package).is_dir()]
    if missing:
        parser.error(f"no such package under {root}: {', '.join(missing)}")
    lines, passed = report(root, arguments.packages)
    print("\n".join(lines))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
