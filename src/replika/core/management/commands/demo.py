"""``replika demo``: load the demo accounts and data of every app (idempotent)."""

from __future__ import annotations

import importlib
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Create demo users for every role and demo data; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        accounts: list[tuple[str, str]] = []
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if not config.name.startswith("replika.") or find_spec(name) is None:
                continue
            with transaction.atomic():
                accounts += importlib.import_module(name).run(self.stdout.write)
        self.stdout.write(self.style.SUCCESS(_("Demo data ready.")))
        self.stdout.write(
            _("Demo accounts (password for all: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        width = max(len(username) for username, _what in accounts) if accounts else 0
        for username, what in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {what}")
