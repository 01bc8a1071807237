"""Kecamatan populations of a region, for the kecamatan map's incidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, add_service_errors
from replika.outbreak.forms.population import PopulationForm, field_name
from replika.outbreak.permissions import MANAGE_POPULATION
from replika.outbreak.selectors import cases as case_sel
from replika.outbreak.selectors import population as population_sel
from replika.outbreak.services import population as services

M = "outbreak"


def _year(raw: str | None) -> int:
    """The ?tahun= asked for; anything else shows this year."""
    this_year = timezone.localdate().year
    try:
        year = int(raw or this_year)
    except ValueError:
        return this_year
    return year if services.FIRST_YEAR <= year <= 2100 else this_year


@module_page(M, MANAGE_POPULATION)
def populations(request: AuthedHttpRequest) -> HttpResponse:
    """A year's populations of the region's kecamatan: typed in, or pasted from a sheet."""
    regions = list(case_sel.regions_with(request.user, MANAGE_POPULATION))
    wanted = request.GET.get("wilayah") or (regions[0].code if regions else "")
    region = next((r for r in regions if r.code == wanted), None)
    if region is None:
        raise Http404
    year = _year(request.GET.get("tahun"))
    kecamatan = services.kecamatan_of(region)
    stored = population_sel.populations_of(request.user, region, year)
    initial = {"year": year, **{field_name(c): n for c, n in stored.items()}}
    form = PopulationForm(request.POST or None, initial=initial, kecamatan=kecamatan)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.population_save(
                actor=request.user,
                region=region,
                year=form.cleaned_data["year"],
                values=form.cleaned_data["values"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Populations saved: %(n)d kecamatan changed.") % {"n": changed}
            )
            query = urlencode({"wilayah": region.code, "tahun": form.cleaned_data["year"]})
            return HttpResponseRedirect(f"{reverse('outbreak:populations')}?{query}")
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "region": region,
        "regions": regions,
        "year": year,
        "entered": len(stored),
        "total": len(kecamatan),
    }
    return render(request, "outbreak/population/populations.html", context, status=status)


urlpatterns = [path("penduduk-kecamatan/", populations, name="populations")]
