"""The ``replika`` console command: Django's management commands, plus a few shortcuts.

``replika migrate``, ``replika demo``, ``replika runserver``, ``replika worker``,
``replika scheduler``… run the management command of the same name; ``replika zscore IN OUT``
computes WHO z-scores for a CSV without starting Django.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``replika`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "zscore":
        # Pure numpy: no need to pay for Django's start-up on a million-row file.
        from replika.nutrition.growth.cli import main as zscore_main

        return zscore_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "replika.config.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    execute_from_command_line(["replika", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
