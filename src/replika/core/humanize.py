"""Human words for technical things shown to people: audit actions, field names, values.

An audit row stores ``competition.call.advance``, ``panelist_id`` and ``{"a": 1}``; pages
show "Competition call: moved to its next stage", "Panelist" and "a: 1". Apps register the
names of their own actions; anything unregistered is named from the model and the verb.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.roles import get_role

ACTION_LABELS: dict[str, str | Promise] = {
    "api_token.create": gettext_lazy("API token created"),
    "api_token.revoke": gettext_lazy("API token revoked"),
    "membership.grant": gettext_lazy("Role given"),
    "membership.revoke": gettext_lazy("Role taken away"),
    "role_request.create": gettext_lazy("Role asked for (waiting for approval)"),
    "role_request.approve": gettext_lazy("Role request approved"),
    "role_request.refuse": gettext_lazy("Role request refused"),
    "user.create": gettext_lazy("Account created"),
    "unit.create": gettext_lazy("Facility added"),
    "unit.update": gettext_lazy("Facility changed"),
    "unit.deactivate": gettext_lazy("Facility deactivated"),
    "unit.activate": gettext_lazy("Facility reopened"),
    "user.invite": gettext_lazy("Invitation link made"),
    "user.invite_accept": gettext_lazy("Invitation accepted (password set)"),
}

# The last word of an action code, as a past-tense phrase.
VERBS: dict[str, str | Promise] = {
    "create": gettext_lazy("created"),
    "add": gettext_lazy("added"),
    "update": gettext_lazy("changed"),
    "save": gettext_lazy("saved"),
    "delete": gettext_lazy("deleted"),
    "register": gettext_lazy("registered"),
    "submit": gettext_lazy("submitted"),
    "advance": gettext_lazy("moved to the next step"),
    "transition": gettext_lazy("moved to another stage"),
    "settings": gettext_lazy("settings changed"),
    "grant": gettext_lazy("role given"),
    "revoke": gettext_lazy("withdrawn"),
    "approve": gettext_lazy("approved"),
    "refuse": gettext_lazy("refused"),
    "score": gettext_lazy("scored"),
    "check": gettext_lazy("checked"),
    "open": gettext_lazy("opened"),
    "close": gettext_lazy("closed"),
    "record": gettext_lazy("recorded"),
    "log": gettext_lazy("recorded"),
    "comment": gettext_lazy("commented"),
    "evidence": gettext_lazy("evidence added"),
    "move": gettext_lazy("moved"),
    "enrol": gettext_lazy("enrolled"),
    "exit": gettext_lazy("left"),
    "graduate": gettext_lazy("graduated"),
    "visit": gettext_lazy("visit recorded"),
    "attendance": gettext_lazy("attendance recorded"),
    "screening": gettext_lazy("screened"),
    "feeding": gettext_lazy("feeding recorded"),
    "weighing": gettext_lazy("weighing recorded"),
    "import": gettext_lazy("imported"),
    "export": gettext_lazy("exported"),
    "read": gettext_lazy("opened"),
    "view": gettext_lazy("opened"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")

# Names of fields that models leave unnamed (their verbose name is the code name).
FIELD_LABELS: dict[str, str | Promise] = {
    "created_at": gettext_lazy("Created at"),
    "updated_at": gettext_lazy("Changed at"),
    "created_by": gettext_lazy("Created by"),
    "updated_by": gettext_lazy("Changed by"),
    "assigned_at": gettext_lazy("Assigned at"),
    "uploaded_at": gettext_lazy("Uploaded at"),
    "uploaded_by": gettext_lazy("Uploaded by"),
    "submitted_at": gettext_lazy("Submitted at"),
    "is_demo": gettext_lazy("Demo data"),
    "is_published": gettext_lazy("Published"),
    "region": gettext_lazy("Region"),
    "user": gettext_lazy("User"),
    "parent": gettext_lazy("Parent"),
    "note": gettext_lazy("Note"),
    "value": gettext_lazy("Value"),
    "scores": gettext_lazy("Scores"),
    "call": gettext_lazy("Competition"),
    "proposal": gettext_lazy("Proposal"),
    "panelist": gettext_lazy("Panelist"),
    "evaluator": gettext_lazy("Evaluator"),
    "evaluator_region": gettext_lazy("Evaluator's home region"),
    "stage": gettext_lazy("Stage"),
    "status": gettext_lazy("Status"),
    "child": gettext_lazy("Child"),
    "measurement": gettext_lazy("Measurement"),
    "referral": gettext_lazy("Referral"),
    "commitment": gettext_lazy("Commitment"),
    "unit": gettext_lazy("Facility"),
    "role": gettext_lazy("Role"),
    "wilayah": gettext_lazy("Area"),
    "name": gettext_lazy("Name"),
    "code": gettext_lazy("Code"),
    "kind": gettext_lazy("Kind"),
    "evaluation_score": gettext_lazy("Evaluation score"),
    "evaluation_rank": gettext_lazy("Evaluation rank"),
    "presentation_score": gettext_lazy("Presentation score"),
    "final_score": gettext_lazy("Final score"),
    "final_rank": gettext_lazy("Final rank"),
    "shortlisted": gettext_lazy("Shortlisted"),
    "results_published_at": gettext_lazy("Results published at"),
    "content_type": gettext_lazy("File type"),
    "size": gettext_lazy("Size"),
    "file": gettext_lazy("File"),
}
# Codes that appear as keys or values of stored documents (criteria, sections…), by app.
TERM_LABELS: dict[str, str | Promise] = {}


def register_terms(labels: Mapping[str, str | Promise]) -> None:
    """Name the codes an app stores in documents (``{"novelty": _("Novelty")}``)."""
    TERM_LABELS.update(labels)


def register_field_labels(labels: Mapping[str, str | Promise]) -> None:
    """Name keys an app writes into audit changes that are not fields of a model."""
    FIELD_LABELS.update(labels)


def register_action_labels(labels: Mapping[str, str | Promise]) -> None:
    """Name an app's audit actions (``{"competition.call.advance": _("…")}``)."""
    ACTION_LABELS.update(labels)


def _model(label: str) -> Any:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def action_label(code: str, model_label: str = "") -> str:
    """A sentence-like name of an audit action: registered, else model and verb."""
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    parts = code.split(".")
    if parts[0] == "read" and len(parts) > 1:
        # A read of personal data: "read.child" is "Child: opened".
        parts = [*parts[1:], "read"]
    verb = VERBS.get(parts[-1], parts[-1].replace("_", " "))
    model = _model(model_label)
    subject = (
        str(model._meta.verbose_name)
        if model is not None
        else " ".join(parts[:-1]).replace("_", " ")
    )
    return f"{capfirst(subject)}: {verb}"


def field_label(model_label: str, field: str) -> str:
    """The verbose name of a model's field (``panelist_id`` → "Panelist")."""
    if field == "_":
        return _("Note")
    bare = field.removesuffix("_id")
    model = _model(model_label)
    if model is not None:
        for name in (field, bare):
            try:
                found = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            verbose = getattr(found, "verbose_name", None)
            # An unnamed field's verbose name is its code name: the table below names it.
            if verbose and str(verbose) != found.name.replace("_", " "):
                return str(capfirst(verbose))
    for name in (field, bare):
        if name in FIELD_LABELS:
            return str(FIELD_LABELS[name])
    return capfirst(bare.replace("_", " "))


def display_value(value: Any) -> str:
    """A stored value as a person reads it: yes/no, local numbers and dates, plain lists."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, float):
        return number_format(value, decimal_pos=None)
    if isinstance(value, dt.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, str):
        return _display_text(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{_term(str(key))}: {display_value(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(display_value(item) for item in value) or "—"
    return str(value)


def change_value(model_label: str, field: str, value: Any) -> str:
    """A changed field's stored value as shown: a choice by its label, else ``display_value``."""
    model = _model(model_label)
    if model is not None and isinstance(value, str | int):
        try:
            found = model._meta.get_field(field)
        except FieldDoesNotExist:
            found = None
        choices = dict(getattr(found, "flatchoices", None) or ())
        if value in choices:
            return str(choices[value])
    return display_value(value)


def _term(code: str) -> str:
    """A stored code as its registered name, else the code made readable."""
    if code in TERM_LABELS:
        return str(TERM_LABELS[code])
    return capfirst(code.replace("_", " "))


def _display_text(value: str) -> str:
    """A stored string: ISO dates and times shown the local way, known codes by name."""
    if _ISO_DATE.match(value):
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    if _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "DATETIME_FORMAT")
    if value in TERM_LABELS:
        return str(TERM_LABELS[value])
    role = get_role(value)
    if role is not None:
        return str(role.label)
    return value
