"""Kecamatan populations: entered or imported by the region's surveillance officer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from replika.core import audit, cache
from replika.core.access import require_in
from replika.core.models import User, Wilayah
from replika.outbreak.models import KecamatanPopulation
from replika.outbreak.permissions import MANAGE_POPULATION
from replika.outbreak.rules.population import MAX_POPULATION
from replika.outbreak.services.summaries import CACHE_NAMESPACE

FIRST_YEAR = 2000


def kecamatan_of(region: Wilayah) -> list[Wilayah]:
    """The region's kecamatan as the region data list them."""
    return list(Wilayah.objects.filter(parent=region, level=Wilayah.DISTRICT).order_by("code"))


@transaction.atomic
def population_save(
    *, actor: User | None, region: Wilayah, year: int, values: dict[str, int]
) -> int:
    """Store a year's populations by kecamatan code; each change is audited. Returns how many
    rows changed. Refuses a code that is not one of the region's kecamatan and an implausible
    figure, so nothing from another region or a typing slip reaches the map."""
    if actor is not None:
        require_in(actor, MANAGE_POPULATION, region)
    if not FIRST_YEAR <= year <= 2100:
        raise ValidationError({"year": _("Enter a year from %(first)d.") % {"first": FIRST_YEAR}})
    places = {k.code: k for k in kecamatan_of(region)}
    for code, population in values.items():
        if code not in places:
            raise ValidationError(
                _("%(code)s is not a kecamatan of %(region)s.") % {"code": code, "region": region}
            )
        if not 1 <= population <= MAX_POPULATION:
            raise ValidationError(
                _("The population of %(code)s must be from 1 to %(max)s.")
                % {"code": code, "max": number_format(MAX_POPULATION, force_grouping=True)}
            )
    existing = {
        row.kecamatan_id: row
        for row in KecamatanPopulation.objects.filter(region=region, year=year)
    }
    changed = 0
    for code, population in sorted(values.items()):
        place = places[code]
        row = existing.get(place.pk)
        if row is not None and row.population == population:
            continue
        before = {"population": row.population} if row is not None else {}
        if row is None:
            row = KecamatanPopulation(region=region, kecamatan=place, year=year)
        row.population = population
        row.updated_by = actor
        row.save()
        audit.record(
            actor=actor,
            action="outbreak.population.set",
            instance=row,
            before=before,
            after={"population": population, "year": year, "kecamatan": code},
        )
        changed += 1
    if changed:
        # The dashboards cache their map per version of the figures: a new population
        # changes the map's rates, so it starts a new version too.
        transaction.on_commit(lambda: cache.bump(CACHE_NAMESPACE))
    return changed
