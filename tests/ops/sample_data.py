"""A small but representative site for the backup round trip, made through the services.

Run in a separate process against a fresh database (after ``django.setup()``), ``main()``
migrates it and loads users, memberships, a commitment, children with measurements (and
the audit events and queued summary tasks they cause), a finished job and media files.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from replika.core import services as core_services
from replika.nutrition import unit_kinds
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_register
from tests.factories import make_commitment, make_unit, region, user_with_role

CHILDREN = ["Siti Rahma", "Budi Santoso", "Ayu Lestari"]


@transaction.atomic
def load() -> None:
    """Create the sample rows and files."""
    officer = user_with_role("admin_daerah", "13.71", full_name="Nurul Aini – Padang")
    user_with_role("mentor", "13", email="")
    make_commitment("13.71")
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02.1007")
    posyandu = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02.1007", puskesmas)
    for number, name in enumerate(CHILDREN):
        child = child_register(
            actor=officer,
            unit=posyandu,
            name=name,
            sex=1 + number % 2,
            birth_date=dt.date(2024, 1, 15 + number),
            mother_name=f"Ibu {name}",
            birth_weight=Decimal("3.15") if number else None,
        )
        for month in (1, 2, 3):
            measurement_record(
                actor=officer,
                child=child,
                visit_date=dt.date(2025, month, 10 + number),
                weight=Decimal("8.1") + Decimal(month) / 10,
                lenhei=Decimal("72.0") + month,
                measure="l",
            )
    job = core_services.job_create(owner=officer, kind="nutrition.import", region=region("13.71"))
    saved = default_storage.save(f"jobs/{job.pk}/hasil impor.csv", ContentFile(b"nik,berat\n"))
    core_services.job_finish(
        job_id=job.pk, result={"rows": 3, "share": 0.5, "file": saved, "errors": []}
    )
    default_storage.save("lampiran/profil posyandu.pdf", ContentFile(b"%PDF-1.4\n" * 200))


def main() -> None:
    """Migrate the empty database and load the sample."""
    call_command("migrate", verbosity=0, interactive=False)
    load()
