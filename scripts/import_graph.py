#!/usr/bin/env python3
"""Print the package import graph of ``src/cdisql`` and check its layering.

A package is a first-level folder of ``cdisql`` (``lint``, ``sources``...) or a
top-level module (``analysis``, ``dialects``...). Every ``import`` is counted, also
the lazy ones inside functions and those under ``if TYPE_CHECKING:``, because a cycle
through a lazy import is still a cycle in the design. Module ``__getattr__`` export
tables (``_EXPORTS = {"Name": "cdisql.x.y"}``) count too.

Exits non-zero when the graph has a cycle, or when ``lint`` imports anything beyond
:data:`LINT_MAY_IMPORT`. Usage: ``python scripts/import_graph.py [--root src/cdisql]``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

LINT_MAY_IMPORT = frozenset({"analysis", "catalog", "dialects"})
"""The rules see a parsed segment, the catalog and the warehouse; nothing else."""
ROOT = Path(__file__).resolve().parent.parent / "src" / "cdisql"


def package_of(module: str) -> str | None:
    """``cdisql.lint.rules.cost`` -> ``lint``; None outside cdisql or for cdisql itself."""
    parts = module.split(".")
    if parts[0] != "cdisql" or len(parts) < 2:
        return None
    return parts[1]


def _module_name(root: Path, file: Path) -> str:
    rel = file.relative_to(root).with_suffix("")
    parts = [root.name, *rel.parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    """Every absolute module name ``tree`` imports (``from x import y`` gives x and x.y)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                keep = len(base) - node.level + (1 if is_package else 0)
                prefix = ".".join(base[:keep])
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            yield target
            for alias in node.names:
                yield f"{target}.{alias.name}"
        elif isinstance(node, (ast.Dict, ast.Call)):
            # lazy export tables ({"Name": "cdisql.x.y"}) and __import__("cdisql.x")
            values = node.values if isinstance(node, ast.Dict) else node.args
            for value in values:
                if isinstance(value, ast.Constant) and _is_module_name(value.value):
                    yield value.value


def _is_module_name(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.startswith("cdisql.")
        and value.replace(".", "").replace("_", "").isalnum()
    )


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """package -> the other cdisql packages it imports."""
    graph: dict[str, set[str]] = {}
    for file in sorted(root.rglob("*.py")):
        module = _module_name(root, file)
        source = package_of(module)
        if source is None:
            continue
        graph.setdefault(source, set())
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
        for name in _imported(tree, module, file.name == "__init__.py"):
            target = package_of(name)
            if target is not None and target != source and _exists(root, name):
                graph[source].add(target)
    return graph


def _exists(root: Path, name: str) -> bool:
    """True when ``name`` (or its package, for ``from pkg import Name``) is a module."""
    parts = name.split(".")[1:]
    while parts:
        base = root.joinpath(*parts)
        if base.with_suffix(".py").is_file() or (base / "__init__.py").is_file():
            return True
        parts.pop()
    return False


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def cycle_edges(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """The imports inside one cycle, as ``a -> b`` lines."""
    members = set(component)
    return [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the cdisql package folder")
    args = parser.parse_args(argv)
    graph = import_graph(args.root)
    width = max(map(len, graph), default=0)
    for package in sorted(graph):
        print(f"{package:<{width}} -> {', '.join(sorted(graph[package])) or '-'}")
    problems = 0
    for component in cycles(graph):
        problems += 1
        print(f"\ncycle: {' <-> '.join(component)}", file=sys.stderr)
        for edge in cycle_edges(graph, component):
            print(f"  {edge}", file=sys.stderr)
    extra = sorted(graph.get("lint", set()) - LINT_MAY_IMPORT)
    if extra:
        problems += 1
        print(
            f"\nlint imports {', '.join(extra)}; it may import only "
            f"{', '.join(sorted(LINT_MAY_IMPORT))}",
            file=sys.stderr,
        )
    if not problems:
        print("\nno cycle; lint imports only " + ", ".join(sorted(LINT_MAY_IMPORT)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
