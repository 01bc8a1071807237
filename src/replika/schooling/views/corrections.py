"""The correction page of a registered case: the registration's fields, filled in.

The Dinas corrects any case of its area; the user who reported a child may correct it until
it is verified. A form overtaken by someone else's change answers 409 with the values
stored now, so nobody's correction is undone without seeing it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.decorators import module_page
from replika.core.forms import add_service_errors
from replika.core.http import AuthedHttpRequest
from replika.schooling.forms.cases import CorrectForm
from replika.schooling.models import Case, field_label
from replika.schooling.permissions import VIEW_REGISTER
from replika.schooling.rules.corrections import CORRECTABLE
from replika.schooling.selectors import cases as sel
from replika.schooling.services import corrections
from replika.schooling.services.common import status_of_refusal
from replika.schooling.settings_schema import settings_for
from replika.schooling.views.cases import child_of


def initial_of(case: Case) -> dict[str, Any]:
    """The form's values drawn from a case, with the version they were drawn at."""
    values: dict[str, Any] = {name: getattr(case, name) for name in CORRECTABLE}
    values["location"] = values.pop("location_id")
    values["version"] = corrections.version_of(case)
    return values


def shown(case: Case, name: str) -> str:
    """A stored value as the page shows it (choices by their label, dates as Indonesians
    write them, yes/no)."""
    value = getattr(case, name)
    if name == "location_id":
        return case.location.name
    if name in ("sex", "ats_type", "source", "last_level"):
        return str(getattr(case, f"get_{name}_display")()) or "—"
    if name in ("dtks", "kip", "pkh"):
        return _("yes") if value else _("no")
    if name == "birth_date":
        return date_format(value, "j F Y")
    return "—" if value in ("", None) else str(value)


def stored_now(case: Case, form: CorrectForm) -> list[tuple[str, str]]:
    """(label, value stored now) of every field where the case differs from what was sent."""
    sent = getattr(form, "cleaned_data", {})
    rows = []
    for name in CORRECTABLE:
        key = name.removesuffix("_id")
        value = sent.get(key)
        if name == "location_id":
            value = value.pk if value is not None else None
        if key in sent and value == getattr(case, name):
            continue
        rows.append((field_label(key), shown(case, name)))
    return rows


@module_page("schooling", VIEW_REGISTER)
def case_correct(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Correct a case's identity, address, guardian, last school, reason, source and flags."""
    case, right = sel.case_to_correct(request.user, pk)
    form = CorrectForm(
        request.POST or None,
        initial=initial_of(case),
        locations=sel.correction_places(request.user, case, right),
        reasons=settings_for(case.region).reason_choices(),
    )
    status, stored = 200, []
    if request.method != "POST":
        # The form shows the full NIK, family card and phone: a read of personal data.
        audit.record_read(actor=request.user, what="schooling_case_correct", instance=case)
    elif form.is_valid():
        try:
            done = corrections.case_correct(
                actor=request.user,
                case=case,
                child=child_of(form.cleaned_data),
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = status_of_refusal(exc)
            if status == 409:
                # Show what is stored now and let a second save be a decision, not a race.
                case = sel.case_for(request.user, pk)
                stored = stored_now(case, form)
                data = request.POST.copy()
                data["version"] = corrections.version_of(case)
                form.data = data
        else:
            if done.fields:
                labels = ", ".join(field_label(name) for name in done.fields)
                messages.success(
                    request,
                    _("Case %(number)s corrected: %(fields)s.")
                    % {"number": case.pk, "fields": labels},
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect(reverse("schooling:case", args=[case.pk]))
    else:
        status = 422
    context = {"case": case, "form": form, "stored": stored, "right": right}
    return render(request, "schooling/case_correct.html", context, status=status)


urlpatterns = [
    path("kasus/<int:pk>/koreksi/", case_correct, name="case_correct"),
]
