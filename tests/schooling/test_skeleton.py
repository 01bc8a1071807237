"""Schooling keeps the module skeleton: pure rules, tasks in one place, private helpers private."""

from __future__ import annotations

from pathlib import Path

import replika.schooling
from tests.nutrition.test_skeleton import imported_modules

PACKAGE = Path(replika.schooling.__file__).parent


def test_rules_import_neither_django_nor_the_database():
    for path in sorted((PACKAGE / "rules").glob("*.py")):
        for module, _names in imported_modules(path):
            assert not module.startswith("django"), f"{path.name} imports {module}"
            assert not module.startswith("replika.core"), f"{path.name} imports {module}"
            assert not module.startswith("replika.schooling.models"), f"{path.name}: {module}"


def test_tasks_live_in_tasks_py_only():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "tasks.py" or "migrations" in path.parts:
            continue
        for module, names in imported_modules(path):
            assert not (module == "django_tasks" and "task" in names), f"a task in {path}"


def test_no_other_module_is_imported():
    others = ("nutrition", "tourism", "outbreak", "positions", "replication", "competition")
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, _names in imported_modules(path):
            assert not any(module.startswith(f"replika.{o}") for o in others), f"{path}: {module}"


def test_private_helpers_are_not_imported_across_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        for module, names in imported_modules(path):
            if module.startswith("replika."):
                private = [n for n in names if n.startswith("_")]
                assert not private, f"{path.relative_to(PACKAGE)} imports {private} of {module}"
