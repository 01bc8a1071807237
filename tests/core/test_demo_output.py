"""``replika demo`` speaks Indonesian: its own lines, every module's progress lines and
the list of demo accounts (role labels, not role codes)."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from replika.core.roles import ROLES

SRC = Path(__file__).resolve().parents[2] / "src" / "replika"
DEMO_MODULES = sorted(SRC.glob("*/demo.py"))


def _log_calls(path: Path) -> list[ast.Call]:
    """The ``log(...)`` calls of one module's demo."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "log"
    ]


def _message(arg: ast.expr) -> str | None:
    """The msgid of a ``_("...")`` or ``_("...") % {...}`` argument, else None."""
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod):
        arg = arg.left
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Name)
        and arg.func.id == "_"
        and len(arg.args) == 1
        and isinstance(arg.args[0], ast.Constant)
    ):
        return str(arg.args[0].value)
    return None


def test_every_module_has_a_demo_with_log_lines():
    assert len(DEMO_MODULES) >= 8
    # Every module's demo reports what it loaded (the platform's only creates accounts).
    silent = {path.parent.name for path in DEMO_MODULES if not _log_calls(path)}
    assert silent == {"core"}


@pytest.mark.parametrize("path", DEMO_MODULES, ids=lambda p: p.parent.name)
def test_every_demo_line_is_translated_into_indonesian(path):
    for call in _log_calls(path):
        msgid = _message(call.args[0]) if call.args else None
        assert msgid, f"{path.parent.name}/demo.py:{call.lineno} logs an untranslated line"
        with translation.override("id"):
            assert translation.gettext(msgid) != msgid, f"no Indonesian for {msgid!r}"


@pytest.mark.django_db
def test_the_command_prints_indonesian_and_role_labels(monkeypatch):
    core = apps.get_app_config("core")
    # Only the platform's accounts: the modules' data is covered line by line above.
    monkeypatch.setattr(apps, "get_app_configs", lambda: [core])
    out = io.StringIO()
    with translation.override("id"):
        call_command("demo", stdout=out)
    text = out.getvalue()
    assert "Data demo siap." in text
    assert "Akun demo (kata sandi untuk semua:" in text
    assert "Kabupaten Agam dan Kota Padang Panjang" in text
    for word in ("ready", "password for all", "superuser + admin_provinsi", " and "):
        assert word not in text
    accounts = [line.split(None, 1) for line in text.splitlines() if line.startswith("  ")]
    assert {username for username, _what in accounts} >= {"admin", "provinsi", "mentor"}
    for _username, what in accounts:
        role_part = what.split(" — ")[0]
        # A role code (admin_daerah, mentor, ...) never stands for its label.
        assert not any(role_part.endswith(code) and "_" in code for code in ROLES), what
    with translation.override("id"):
        label = str(ROLES["admin_daerah"].label)
    assert any(what.startswith(label) for _u, what in accounts)
