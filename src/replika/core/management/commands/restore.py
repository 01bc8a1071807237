"""``replika restore ARCHIVE``: restore a backup into an empty database and verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from replika.core.backup import BackupError, restore_backup
from replika.core.backup.manifest import summary_counts


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and media folder "
        "(same engine), then check every table's row count and checksum and every file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that has tables (the media folder must still be empty).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore_backup(archive=options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = summary_counts(result.manifest)
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored and verified the backup of %(created)s.")
                % {"created": result.manifest.created_at}
            )
        )
        self.stdout.write(
            _("%(tables)s tables, %(rows)s rows, %(files)s files (%(bytes)s bytes) match.") % counts
        )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _("This version has %(count)s newer migrations: run `replika migrate`.")
                    % {"count": len(result.pending_migrations)}
                )
            )
