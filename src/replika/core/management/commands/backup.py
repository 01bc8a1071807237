"""``replika backup``: one archive with the database dump, the uploaded files and a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from replika.core.backup import BackupError, create_backup
from replika.core.backup.manifest import summary_counts


class Command(BaseCommand):
    help = (
        "Write a .tar.gz archive with the database dump (pg_dump or SQLite's online backup), "
        "the files under MEDIA_ROOT and a manifest of row counts and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="Archive to write (default: var/backups/replika-backup-<time>.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = create_backup(output=options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = summary_counts(result.manifest)
        self.stdout.write(self.style.SUCCESS(_("Backup written: %(path)s") % {"path": result.path}))
        self.stdout.write(
            _("%(tables)s tables, %(rows)s rows, %(files)s files (%(bytes)s bytes).") % counts
        )
