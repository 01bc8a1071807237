"""Nutrition keeps the module skeleton: pure rules, tasks in one place, private helpers private."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils.module_loading import import_string

import replika.nutrition
from replika.nutrition import tasks

PACKAGE = Path(replika.nutrition.__file__).parent


def imported_modules(path: Path) -> list[tuple[str, list[str]]]:
    """Every ``from X import a, b`` and ``import X`` of a file, anywhere in it."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


def test_rules_import_neither_django_nor_the_database():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        for module, _names in imported_modules(path):
            assert not module.startswith("django"), f"{path.name} imports {module}"
            assert not module.startswith("replika.core"), f"{path.name} imports {module}"
            assert not module.startswith("replika.nutrition.models"), f"{path.name}: {module}"


def test_tasks_live_in_tasks_py_only():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "tasks.py" or "migrations" in path.parts:
            continue
        for module, names in imported_modules(path):
            assert not (module == "django_tasks" and "task" in names), f"a task in {path}"


def test_moved_tasks_keep_their_old_names():
    for name in ("refresh_dirty_summaries", "refresh_summaries_job"):
        old = import_string(f"replika.nutrition.services.summaries.{name}")
        assert old is getattr(tasks, name)


def test_private_helpers_are_not_imported_across_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, names in imported_modules(path):
            if module.startswith("replika."):
                private = [n for n in names if n.startswith("_")]
                assert not private, f"{path.relative_to(PACKAGE)} imports {private} of {module}"
