"""Rule 1 of the house, enforced: views, API, exports and tasks reach tenant rows only
through ``core.access`` (``scoped`` / ``get_for_user``)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

import replika

SRC = Path(replika.__file__).resolve().parent
DOOR = {"scoped", "get_for_user"}
ENTRY_FILES = {"views.py", "api.py", "exports.py", "tasks.py", "importers.py"}
# The same rooms grown into packages (the module skeleton's views/, importers/, exports/).
ENTRY_PACKAGES = {"views", "api", "exports", "importers"}


def tenant_model_names() -> set[str]:
    """Class names of every installed model that declares tenant data."""
    return {m.__name__ for m in apps.get_models() if getattr(m, "tenant", None) is not None}


def entry_files() -> list[Path]:
    """Every module a request, an export or a task enters through."""
    found = [p for p in SRC.rglob("*.py") if p.name in ENTRY_FILES]
    found += [
        p for name in ENTRY_PACKAGES for d in SRC.rglob(name) if d.is_dir() for p in d.rglob("*.py")
    ]
    return sorted(set(found))


def _door_arguments(tree: ast.AST) -> set[int]:
    """ids of the AST nodes inside the first argument of a call to the door."""
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in DOOR:
            allowed.update(id(inner) for inner in ast.walk(node.args[0]))
    return allowed


def violations(path: Path, tenant_models: set[str]) -> list[str]:
    """``Model.objects`` / ``Model._default_manager`` on tenant models outside the door."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed = _door_arguments(tree)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"objects", "_default_manager", "_base_manager"}
            and isinstance(node.value, ast.Name)
            and node.value.id in tenant_models
            and id(node) not in allowed
        ):
            found.append(f"{path.relative_to(SRC)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_entry_points_reach_tenant_rows_only_through_core_access():
    models = tenant_model_names()
    assert {"Commitment", "Unit", "AuditEvent"} <= models
    files = entry_files()
    assert any(p.name == "views.py" for p in files)
    problems = [v for path in files for v in violations(path, models)]
    assert problems == []


def test_the_check_catches_a_direct_query(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text(
        "from replika.core.access import scoped\n"
        "def ok(request):\n"
        "    return scoped(Commitment.objects.filter(stage='x'), request.user, 'p')\n"
        "def bad(request):\n"
        "    return Commitment.objects.all()\n"
    )
    original = SRC
    try:
        globals()["SRC"] = tmp_path
        assert violations(sample, {"Commitment"}) == ["views.py:5 Commitment.objects"]
    finally:
        globals()["SRC"] = original


def test_packages_of_the_skeleton_are_entry_points_too():
    names = {str(p.relative_to(SRC)) for p in entry_files()}
    assert "nutrition/importers/measurements.py" in names
    assert any(name.startswith("replication/views/") for name in names)
