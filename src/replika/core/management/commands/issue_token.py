"""``replika issue_token USERNAME [NAME]``: create a personal API token and print it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from replika.core import services
from replika.core.models import User


class Command(BaseCommand):
    help = "Create an API token for a user (for scripts and integrations); prints it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['username']!r}")
        _token, secret = services.api_token_create(actor=user, name=options["name"])
        self.stdout.write(secret)
