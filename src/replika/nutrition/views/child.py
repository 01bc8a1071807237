"""The child's page: base data, measurements, follow-up and growth charts on the WHO curves."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from replika.core import audit
from replika.core import selectors as core_selectors
from replika.core.decorators import module_page
from replika.core.http import AuthedHttpRequest, form_page
from replika.core.privacy import mask_nik
from replika.nutrition.forms.care import ReferralOpenForm
from replika.nutrition.models import Child, Measurement
from replika.nutrition.permissions import CHANGE_REGISTER, VIEW_PERSONAL, VIEW_REGISTER
from replika.nutrition.rules import charts
from replika.nutrition.selectors import registers as sel
from replika.nutrition.services import care

CHILD_PAGE = "nutrition/child/child_detail.html"
CHILD_LABEL = Child._meta.label_lower
READS = 20  # the latest reads listed on a person's page


def chart_titles() -> dict[str, tuple[str, str, str]]:
    """Translated title and axis labels of each chart."""
    return {
        "wfa": (_("Weight-for-age"), _("Age (months)"), _("Weight (kg)")),
        "lhfa": (_("Length/height-for-age"), _("Age (months)"), _("Length/height (cm)")),
        "wfl": (_("Weight-for-length (under 2 years)"), _("Length (cm)"), _("Weight (kg)")),
        "wfh": (_("Weight-for-height (2 years and over)"), _("Height (cm)"), _("Weight (kg)")),
    }


def _observation(m: Measurement) -> charts.Observation:
    """A stored measurement as the chart builder's plain values, with its tooltip."""
    parts = [date_format(m.visit_date, "SHORT_DATE_FORMAT")]
    if m.weight is not None:
        parts.append(_("%(kg)s kg") % {"kg": m.weight})
    if m.lenhei is not None:
        parts.append(_("%(cm)s cm") % {"cm": m.lenhei})
    return charts.Observation(
        age_days=m.age_days,
        weight=None if m.weight is None else float(m.weight),
        lenhei=None if m.lenhei is None else float(m.lenhei),
        measure=m.measure,
        oedema=m.oedema,
        label=" · ".join(parts),
    )


def growth_svgs(child: Child, measurements: list[Measurement]) -> list[dict[str, Any]]:
    """The child's charts as inline SVG, with a text summary for screen readers."""
    observations = [_observation(m) for m in measurements]
    age_today = (timezone.localdate() - child.birth_date).days
    built = charts.growth_charts(child.sex, observations, chart_titles(), age_today)
    description = _("WHO curves at −3, −2, 0, +2 and +3 SD with %(n)s measurement(s).")
    return [
        {
            "chart": chart,
            # to_svg escapes every text it writes, so the markup is safe to inline.
            "svg": mark_safe(charts.to_svg(chart, description % {"n": len(chart.points)})),  # noqa: S308
        }
        for chart in built
    ]


def _personal(child: Child, visible: bool) -> dict[str, str]:
    """NIK and address in full for roles that need them, masked for the others."""
    if visible:
        return {
            "nik": child.nik,
            "no_kk": child.no_kk,
            "mother_nik": child.mother_nik,
            "father_nik": child.father_nik,
            "address": child.address,
        }
    return {
        "nik": mask_nik(child.nik),
        "no_kk": mask_nik(child.no_kk),
        "mother_nik": mask_nik(child.mother_nik),
        "father_nik": mask_nik(child.father_nik),
        "address": _("(hidden)") if child.address else "",
    }


def _child(request: AuthedHttpRequest, pk: int, perm: str) -> Child:
    """One child the user may act on with ``perm`` (404 otherwise)."""
    return sel.child_page_child(request.user, pk, perm)


def _context(request: AuthedHttpRequest, child: Child, form: Any = None) -> dict[str, Any]:
    """What the child's page shows, with the referral form for those who may refer."""
    measurements = list(sel.child_measurements(child))
    visible = sel.may_on_child(request.user, child, VIEW_PERSONAL)
    may_refer = sel.may_on_child(request.user, child, CHANGE_REGISTER)
    if form is None and may_refer:
        form = ReferralOpenForm()
    context = {
        "child": child,
        "personal": _personal(child, visible),
        "age_days": (timezone.localdate() - child.birth_date).days,
        "measurements": list(reversed(measurements)),
        **sel.child_follow_up(child),
        "charts": growth_svgs(child, measurements),
        "refer_form": form if may_refer else None,
        # Who opened this record: shown to those who may see the child's personal data.
        "reads": list(core_selectors.reads_of(model=CHILD_LABEL, object_id=child.pk)[:READS])
        if visible
        else None,
    }
    return context


@module_page("nutrition", VIEW_REGISTER)
def child_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The child's page, for the staff of the child's posyandu, puskesmas and region."""
    child = _child(request, pk, VIEW_REGISTER)
    audit.record_read(actor=request.user, what="child", instance=child)
    return render(request, CHILD_PAGE, _context(request, child))


@require_POST
@module_page("nutrition", CHANGE_REGISTER)
def child_refer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Refer the child to the puskesmas (an open referral for the reason is reused)."""
    child = _child(request, pk, CHANGE_REGISTER)
    form = ReferralOpenForm(request.POST)
    return form_page(
        request,
        form,
        CHILD_PAGE,
        save=lambda data: care.referral_open(actor=request.user, child=child, **data),
        done=lambda referral: redirect("nutrition:referral", pk=referral.pk),
        context=_context(request, child, form),
    )


urlpatterns = [
    path("anak/<int:pk>/", child_detail, name="child"),
    path("anak/<int:pk>/rujuk/", child_refer, name="child_refer"),
]
