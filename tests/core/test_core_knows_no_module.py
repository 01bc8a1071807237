"""The core knows no module: nothing under src/replika/core imports a module app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import replika

CORE = Path(replika.__file__).parent / "core"
MODULE_APPS = (
    "replication",
    "competition",
    "nutrition",
    "schooling",
    "tourism",
    "outbreak",
    "positions",
)


def _imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module name an import statement (anywhere, also inside functions) reaches."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                # A relative import from inside replika/core: one dot is core itself.
                base = ".".join([*["replika", "core"][: max(0, 3 - node.level)], base])
            found.append((node.lineno, base))
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _module_imports(source: str) -> list[str]:
    """The module apps a piece of core source imports, as "line: name"."""
    bad = []
    for lineno, name in _imported_names(ast.parse(source)):
        parts = name.strip(".").split(".")
        if len(parts) >= 2 and parts[0] == "replika" and parts[1] in MODULE_APPS:
            bad.append(f"{lineno}: {name}")
    return bad


def test_no_file_under_core_imports_a_module_app() -> None:
    offending = [
        f"{path.relative_to(CORE.parent)}:{line}"
        for path in sorted(CORE.rglob("*.py"))
        for line in _module_imports(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        "import replika.nutrition",
        "from replika.replication.selectors import live_region_ids",
        "from replika import competition",
        "def f():\n    from replika.schooling import rules\n",
        "import importlib\nimportlib.import_module('replika.tourism.module')",
        "from ..outbreak import rules",
    ],
)
def test_the_check_catches_every_form_of_import(source: str) -> None:
    assert _module_imports(source) != []


def test_the_check_lets_core_import_core() -> None:
    assert _module_imports("from replika.core.access import scoped\nfrom . import roles") == []
