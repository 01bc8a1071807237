"""Pages of the organisation tree: OPDs, SOTK versions, units and the position register."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page, saved
from replika.positions.forms import (
    EvaluationForm,
    OpdForm,
    OrgUnitForm,
    PositionForm,
    StructureForm,
)
from replika.positions.permissions import (
    DRAFT_ANJAB,
    MANAGE_STRUCTURE,
    VERIFY_ANJAB,
    VIEW_POSITIONS,
)
from replika.positions.selectors import structure as sel
from replika.positions.services import evaluation
from replika.positions.services import structure as services


@module_page("positions", VIEW_POSITIONS)
def home(request: AuthedHttpRequest) -> HttpResponse:
    """The agencies the user may see, with their verification progress."""
    rows = sel.opd_rows(request.user, VIEW_POSITIONS)
    may_add = sel.holds_in_region(request.user, VERIFY_ANJAB, request.region)
    return render(request, "positions/home.html", {"rows": rows, "may_add": may_add})


@module_page("positions", VERIFY_ANJAB)
def opd_new(request: AuthedHttpRequest) -> HttpResponse:
    """Register an agency with its first structure (Bagian Organisasi)."""
    region = request.region
    if region is None or not sel.holds_in_region(request.user, VERIFY_ANJAB, region):
        raise Http404
    form = OpdForm(request.POST or None)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: services.opd_create(actor=request.user, region=region, **d),
        done=lambda opd: saved(request, _("Agency registered."), "positions:opd", pk=opd.pk),
        context={"title": _("New agency")},
    )


@module_page("positions", VIEW_POSITIONS)
def opd(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """An agency's tree with its positions (the current structure, or ?versi=N)."""
    agency = sel.opd_for(request.user, pk, VIEW_POSITIONS)
    number = request.GET.get("versi", "")
    try:
        structure = sel.structure_of(
            request.user, agency, VIEW_POSITIONS, int(number) if number.isdigit() else None
        )
    except sel.Structure.DoesNotExist:
        raise Http404 from None
    root = sel.job_map(request.user, structure, VIEW_POSITIONS)
    context = {
        "opd": agency,
        "structure": structure,
        "structures": sel.structures_of(request.user, agency, VIEW_POSITIONS),
        "nodes": sel.flatten(root),
        "may_edit": structure.is_current
        and sel.holds_on_opd(request.user, agency.pk, MANAGE_STRUCTURE),
        "may_draft": sel.holds_on_opd(request.user, agency.pk, DRAFT_ANJAB),
        "may_restructure": sel.holds_on_opd(request.user, agency.pk, VERIFY_ANJAB),
    }
    return render(request, "positions/opd.html", context)


@module_page("positions", VERIFY_ANJAB)
def structure_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Start a new SOTK version of an agency (the tree and positions carried over)."""
    agency = sel.opd_for(request.user, pk, VERIFY_ANJAB)
    form = StructureForm(request.POST or None)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: services.structure_new_version(actor=request.user, opd=agency, **d),
        done=lambda s: saved(request, _("New structure version started."), "positions:opd", pk=pk),
        context={"title": _("New structure version — %(opd)s") % {"opd": agency.name}},
    )


@module_page("positions", MANAGE_STRUCTURE)
def orgunit_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a unit or sub-unit to the agency's current tree."""
    agency = sel.opd_for(request.user, pk, MANAGE_STRUCTURE)
    structure = sel.structure_of(request.user, agency, MANAGE_STRUCTURE)
    parents = sel.parents_in(request.user, structure, MANAGE_STRUCTURE)
    form = OrgUnitForm(request.POST or None, parents=parents)

    def save(d: dict) -> object:
        parent = sel.orgunit_for(request.user, d["parent"], MANAGE_STRUCTURE)
        return services.orgunit_create(actor=request.user, parent=parent, name=d["name"])

    return form_page(
        request,
        form,
        "positions/form.html",
        save=save,
        done=lambda u: saved(request, _("Unit added."), "positions:opd", pk=pk),
        context={"title": _("New unit — %(opd)s") % {"opd": agency.name}},
    )


@module_page("positions", MANAGE_STRUCTURE)
def position_new(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Add a position to a unit."""
    unit = sel.orgunit_for(request.user, pk, MANAGE_STRUCTURE)
    form = PositionForm(request.POST or None)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: services.position_create(actor=request.user, org_unit=unit, **d),
        done=lambda p: saved(request, _("Position added."), "positions:position", pk=p.pk),
        context={"title": _("New position — %(unit)s") % {"unit": unit.name}},
    )


@module_page("positions", MANAGE_STRUCTURE)
def position_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Change a position's register facts (title, kind, class, holders)."""
    position = sel.position_for(request.user, pk, MANAGE_STRUCTURE)
    initial = {
        f: getattr(position, f)
        for f in ("title", "code", "kind", "job_class", "holders", "retiring_5y")
    }
    initial["nomenclature_version"] = position.nomenclature_version
    form = PositionForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        "positions/form.html",
        save=lambda d: services.position_update(actor=request.user, position=position, **d),
        done=lambda p: saved(request, _("Position saved."), "positions:position", pk=p.pk),
        context={"title": _("Edit position — %(title)s") % {"title": position.title}},
    )


@module_page("positions", VERIFY_ANJAB)
def position_evaluation(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Record the job evaluation of a position: one level per factor (Bagian Organisasi)."""
    position = sel.position_for(request.user, pk, VERIFY_ANJAB)
    initial = {f"factor_{code}": level for code, level in position.factor_levels.items()}
    form = EvaluationForm(request.POST or None, initial=initial, kind=position.kind)
    return form_page(
        request,
        form,
        "positions/evaluation.html",
        save=lambda d: evaluation.position_evaluate(
            actor=request.user, position=position, levels=form.levels()
        ),
        done=lambda p: saved(request, _("Evaluation saved."), "positions:position", pk=p.pk),
        context={
            "p": position,
            "title": _("Job evaluation — %(title)s") % {"title": position.title},
        },
    )


urlpatterns = [
    path("", home, name="home"),
    path("opd/baru/", opd_new, name="opd_new"),
    path("opd/<int:pk>/", opd, name="opd"),
    path("opd/<int:pk>/sotk/baru/", structure_new, name="structure_new"),
    path("opd/<int:pk>/unit/baru/", orgunit_new, name="orgunit_new"),
    path("unit/<int:pk>/jabatan/baru/", position_new, name="position_new"),
    path("<int:pk>/ubah/", position_edit, name="position_edit"),
    path("<int:pk>/evaluasi/", position_evaluation, name="position_evaluation"),
]
