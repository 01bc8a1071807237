"""``replika refresh_nutrition_summaries [--all]``: refresh the nutrition summary tables."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from replika.nutrition.services.summaries import summaries_rebuild, summaries_refresh


class Command(BaseCommand):
    help = "Recompute the nutrition summaries of dirty posyandu-months (--all: everything)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="rebuild every summary row from scratch"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["all"]:
            result = summaries_rebuild(
                progress=lambda done, total: self.stdout.write(f"  month {done}/{total}")
            )
        else:
            result = summaries_refresh()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.posyandu_months} posyandu-months recomputed, "
                f"{result.rows} summary rows written in {seconds:.1f} s."
            )
        )
