"""Backup and restore: one archive holding the database dump, the media files and a manifest.

``canonical`` turns stored values into engine-independent text and checksums, ``manifest``
describes and compares what an archive holds, ``tables`` and ``media`` read the live state,
``engines`` runs each database's own dump and load tools, and ``archive`` ties them together
for the ``backup`` and ``restore`` management commands.
"""

from replika.core.backup.archive import BackupError, create_backup, restore_backup

__all__ = ["BackupError", "create_backup", "restore_backup"]
