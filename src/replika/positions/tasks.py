"""Background tasks of SI JABPRI (the only place they live)."""

from __future__ import annotations

from django_tasks import task

from replika.positions.services.abk import abk_recompute


@task()
def recompute_all_abk() -> int:
    """Nightly: recompute every position's ABK (a region may have changed its minutes)."""
    return abk_recompute()
