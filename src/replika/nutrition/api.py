"""Nutrition API: batch measurements from field apps, a child's growth, public prevalence.

Mounted by the module registry at ``/api/v1/nutrition/``. No ``from __future__ import
annotations`` here: django-ninja reads the real annotations.
"""

import contextlib
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from replika.core import audit, cache, disclosure, replica
from replika.core.api_base import PUBLIC, ErrorOut, FieldError
from replika.core.privacy import mask_nik
from replika.nutrition import rules
from replika.nutrition.models import Measurement, Source
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER
from replika.nutrition.rules.limits import limit
from replika.nutrition.selectors import dashboards as dashboard_selectors
from replika.nutrition.selectors import registers as register_selectors
from replika.nutrition.services.measurements import measurement_record, revision_of
from replika.nutrition.services.summaries import CACHE_NAMESPACE

router = Router(tags=["nutrition"])

MAX_BATCH = 500
Z_KEYS = ("zlen", "zwei", "zwfl", "zbmi", "zhc", "zac")
CATEGORY_KEYS = ("cat_zlen", "cat_zwei", "cat_zwfl", "cat_zbmi")
FLAG_KEYS = ("flen", "fwei", "fwfl", "fbmi")
# The measured inputs of an item; those left out of it keep the stored month's values.
MEASURED_INPUTS = ("weight", "lenhei", "measure", "oedema", "headc", "armc")


# --- POST /measurements ----------------------------------------------------------------------


class MeasurementItemIn(Schema):
    """One measurement; values are checked item by item so one bad item fails alone.

    An item merges into the child's stored month: a measured value left out of the item
    keeps its stored value; one sent as ``null`` clears it.
    """

    child: int | None = Field(None, description="Replika child id (or give nik)")
    nik: str | None = Field(None, description="the child's NIK (16 digits)")
    visit_date: str = Field(..., description="YYYY-MM-DD")
    weight: float | str | None = Field(None, description="kg")
    lenhei: float | str | None = Field(None, description="length or height, cm")
    measure: str = Field("", description="l (lying), h (standing) or empty")
    oedema: bool = False
    headc: float | str | None = Field(None, description="head circumference, cm")
    armc: float | str | None = Field(None, description="mid-upper arm circumference, cm")
    revision: str = Field(
        "",
        description=(
            "when changing a month already stored: the `revision` of the stored measurement "
            "this change is based on (from an earlier answer or GET /children/{id})"
        ),
    )
    confirmed: bool = Field(
        False,
        description=(
            "true when the sender confirms a value that contradicts the child's earlier "
            "measurements; without it such an item is refused on its field (held, not stored)"
        ),
    )


class BatchIn(Schema):
    items: list[MeasurementItemIn] = Field(..., max_length=MAX_BATCH)


class ZScoresOut(Schema):
    zlen: float | None
    zwei: float | None
    zwfl: float | None
    zbmi: float | None
    zhc: float | None
    zac: float | None


class CategoriesOut(Schema):
    cat_zlen: str
    cat_zwei: str
    cat_zwfl: str
    cat_zbmi: str


class AcuteOut(Schema):
    """Acute malnutrition on every criterion (Kemenkes 2019) and the criteria that hold."""

    category: str = Field(..., description="gizi_buruk, gizi_kurang or empty")
    reasons: list[str] = Field(
        ...,
        description="bbtb (weight-for-length/height z), lila (arm circumference), "
        "edema (bilateral oedema)",
    )


class MeasurementOut(Schema):
    id: int
    period: str
    visit_date: dt.date
    age_days: int
    weight: Decimal | None
    lenhei: Decimal | None
    measure: str
    oedema: bool
    headc: Decimal | None
    armc: Decimal | None
    growth: str
    zscores: ZScoresOut
    categories: CategoriesOut
    acute: AcuteOut
    flags: list[str]
    revision: str


class ItemResult(Schema):
    index: int
    ok: bool
    measurement: MeasurementOut | None = None
    errors: list[FieldError] = []


class BatchOut(Schema):
    created_or_updated: int
    failed: int
    results: list[ItemResult]


def measurement_out(m: Measurement) -> dict[str, Any]:
    """A stored measurement with its z-scores, categories and implausibility flags."""
    return {
        "id": m.pk,
        "period": m.period.strftime("%Y-%m"),
        "visit_date": m.visit_date,
        "age_days": m.age_days,
        "weight": m.weight,
        "lenhei": m.lenhei,
        "measure": m.measure,
        "oedema": m.oedema,
        "headc": m.headc,
        "armc": m.armc,
        "growth": m.growth,
        "zscores": {key: getattr(m, key) for key in Z_KEYS},
        "categories": {key: getattr(m, key) for key in CATEGORY_KEYS},
        "acute": {"category": m.cat_acute, "reasons": m.acute_reasons_list},
        "flags": [key for key in FLAG_KEYS if getattr(m, key)],
        "revision": revision_of(m),
    }


def _parse_date(key: str, value: str) -> dt.date:
    """A date written 2026-01-31, 31/01/2026, 31-01-2026 or 31.01.2026."""
    text = value.strip()
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        with contextlib.suppress(ValueError):
            return dt.date(year, month, day)
    raise ValidationError({key: _("not a date (use YYYY-MM-DD or DD/MM/YYYY)")})


def _parse_decimal(key: str, value: float | str | None) -> Decimal | None:
    """A measured value within its plausible range (the limits table), rounded to its decimals."""
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text:
        return None
    bounds = limit(key)
    try:
        number = bounds.rounded(Decimal(text))
    except InvalidOperation as exc:
        raise ValidationError({key: _("not a number")}) from exc
    # "NaN" and "Infinity" parse as decimals but are no measurement.
    if not number.is_finite():
        raise ValidationError({key: _("not a number")})
    if not bounds.contains(number):
        raise ValidationError(
            {
                key: _("must be between %(low)s and %(high)s")
                % {"low": bounds.low, "high": bounds.high}
            }
        )
    return number


def _parse_measure(value: str) -> str:
    """The measuring position: "l" lying (terlentang), "h" standing (berdiri), "" unknown."""
    word = value.strip().lower()
    if word not in rules.MEASURE_WORDS:
        raise ValidationError({"measure": _("use terlentang or berdiri (L or H)")})
    return rules.MEASURE_WORDS[word]


def _record_item(user: Any, item: MeasurementItemIn) -> Measurement:
    """Parse one item and record it through the measurement service."""
    child = register_selectors.child_to_record(user, child_id=item.child, nik=item.nik)
    if child is None:
        # The same words as every other 404 of the API (not translated there either).
        raise ValidationError({"child": "Not found."})
    visit_date = _parse_date("visit_date", item.visit_date)
    values = {
        key: _parse_decimal(key, getattr(item, key))
        for key in ("weight", "lenhei", "headc", "armc")
    }
    # Merge, not replace: what the item leaves out keeps the month's stored value.
    sent = item.model_fields_set
    return measurement_record(
        actor=user,
        child=child,
        visit_date=visit_date,
        measure=_parse_measure(item.measure),
        oedema=item.oedema,
        source=Source.API,
        guard_stale=True,
        revision=item.revision,
        keep=frozenset(key for key in MEASURED_INPUTS if key not in sent),
        confirmed=item.confirmed,
        weight=values["weight"],
        lenhei=values["lenhei"],
        headc=values["headc"],
        armc=values["armc"],
    )


def _errors(exc: ValidationError) -> list[dict[str, str]]:
    """A service's ValidationError as the one error shape's field list."""
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.error_dict.items()
            for error in errors
            for message in error.messages
        ]
    return [{"field": "__all__", "message": str(m)} for m in exc.messages]


def _conflict() -> dict[str, str]:
    """The per-item error of a write that lost a race to a parallel one."""
    return {
        "field": "revision",
        "message": _(
            "Someone else saved this child's month at the same moment. Fetch it and "
            "send your change again."
        ),
    }


@router.post(
    "/measurements",
    response={200: BatchOut, 401: ErrorOut, 422: ErrorOut},
    summary="Record a batch of measurements (per-item results)",
    description=(
        "Each item is recorded on its own and answered in `results`. One measurement is kept "
        "per child and month. An item **merges** into the stored month: a measured value "
        "(`weight`, `lenhei`, `measure`, `oedema`, `headc`, `armc`) left out of the item keeps "
        "its stored value, one sent as `null` clears it; the z-scores, categories, the acute "
        "malnutrition category with its reasons, alerts and referrals are recomputed from the "
        "merged values. A month already stored is never silently overwritten: an item "
        "for it is refused (a per-item error on `revision`) unless it carries the stored "
        "measurement's `revision`, i.e. its sender saw the current value; an item repeating "
        "exactly the stored values is accepted and changes nothing. Parallel writers of the "
        "same new month: one creates it, the others get that per-item refusal (or the "
        "accepted repeat), never an error for the whole batch."
    ),
)
def record_measurements(request: HttpRequest, payload: BatchIn) -> Any:
    """Each item is recorded (or updates its child's month) on its own; errors stay per item."""
    user = request.auth  # type: ignore[attr-defined]
    results: list[dict[str, Any]] = []
    for index, item in enumerate(payload.items):
        try:
            stored = _record_item(user, item)
        except ValidationError as exc:
            results.append({"index": index, "ok": False, "errors": _errors(exc)})
            continue
        except IntegrityError:
            # A parallel writer won a unique row this item needed: that item fails alone.
            results.append({"index": index, "ok": False, "errors": [_conflict()]})
            continue
        results.append({"index": index, "ok": True, "measurement": measurement_out(stored)})
    failed = sum(1 for r in results if not r["ok"])
    return {"created_or_updated": len(results) - failed, "failed": failed, "results": results}


# --- GET /children/{id} ----------------------------------------------------------------------


class ChildOut(Schema):
    id: int
    nik: str
    name: str
    sex: int
    birth_date: dt.date
    mother_name: str
    posyandu: str
    region: str
    measurements: list[MeasurementOut]


@router.get(
    "/children/{child_id}",
    response={200: ChildOut, 401: ErrorOut, 404: ErrorOut},
    summary="A child with measurements and z-scores",
)
def child_detail(request: HttpRequest, child_id: int) -> Any:
    """The child's growth record; the NIK is masked for roles without personal data."""
    user = request.auth  # type: ignore[attr-defined]
    child = register_selectors.child_for(user, child_id, VIEW_REGISTER)
    personal = register_selectors.may_on_child(user, child, VIEW_PERSONAL)
    audit.record_read(actor=user, what="child_api", instance=child)
    return {
        "id": child.pk,
        "nik": child.nik if personal else mask_nik(child.nik),
        "name": child.name,
        "sex": child.sex,
        "birth_date": child.birth_date,
        "mother_name": child.mother_name,
        "posyandu": child.unit.name,
        "region": child.region.code,
        "measurements": [measurement_out(m) for m in register_selectors.child_measurements(child)],
    }


# --- GET /prevalence (public) ----------------------------------------------------------------


class PrevalenceFilter(Schema):
    wilayah: str = Field(
        ...,
        description="Kemendagri code of the province, a kab/kota or a kecamatan, e.g. 13.71 or "
        "13.71.02 (public figures go no lower than the kecamatan)",
    )
    period: str = Field(..., description="month, YYYY-MM")


class Rate(Schema):
    """A share; small cells are withheld (``null``) and marked ``suppressed``."""

    count: int | None = Field(..., description="null when below the minimum cell")
    denominator: int | None = Field(..., description="null when below the minimum cell")
    percent: float | None = Field(
        ..., description="null when the count or the denominator is below the minimum cell"
    )
    suppressed: bool = Field(..., description="true when any number of this rate is withheld")


class Skdn(Schema):
    """SKDN counts and shares; small cells are withheld (``null``) and marked ``suppressed``."""

    s: int | None
    k: int | None
    d: int | None
    n: int | None
    d_s: float | None
    n_d: float | None
    suppressed: bool = Field(..., description="true when any number of SKDN is withheld")


class PrevalenceOut(Schema):
    wilayah: str
    name: str
    period: str
    computed: bool
    min_cell: int = Field(
        ..., description="counts below this are withheld (null) in public figures"
    )
    stunting: Rate
    wasting: Rate
    underweight: Rate
    overweight: Rate
    skdn: Skdn


def _rate(count: int, denominator: int) -> dict[str, Any]:
    """A rate as the public may see it (small cells withheld)."""
    shown = disclosure.public_rate(count, denominator)
    return {
        "count": shown.count.value,
        "denominator": shown.total.value,
        "percent": shown.percent,
        "suppressed": shown.suppressed,
    }


def _skdn(s: Any) -> dict[str, Any]:
    """SKDN as the public may see it (small cells withheld)."""
    d_s = disclosure.public_rate(s.d_weighed, s.s_toddlers)
    n_d = disclosure.public_rate(s.n_up, s.d_weighed)
    k = disclosure.public_count(s.k_with_book)
    return {
        "s": d_s.total.value,
        "k": k.value,
        "d": d_s.count.value,
        "n": n_d.count.value,
        "d_s": d_s.percent,
        "n_d": n_d.percent,
        "suppressed": d_s.suppressed or n_d.suppressed or k.suppressed,
    }


@replica.reads_summaries
def _prevalence(wilayah_code: str, period_text: str) -> dict[str, Any]:
    """The public answer for one place and month (404 off the programme, 422 below kecamatan)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period_text):
        raise ValidationError({"period": "Use YYYY-MM."})
    period = dt.date(int(period_text[:4]), int(period_text[5:]), 1)
    wilayah = dashboard_selectors.public_wilayah(wilayah_code)
    if wilayah is None:
        raise Http404
    if not disclosure.public_level_allowed(wilayah.level):
        raise ValidationError(
            {
                "wilayah": _("Public figures go no lower than the kecamatan: ask for %(code)s.")
                % {"code": ".".join(wilayah.code.split(".")[:3])}
            }
        )
    row = dashboard_selectors.summary_row(wilayah.code, period)
    s = row or dashboard_selectors.empty_summary(wilayah.code, period)
    return {
        "wilayah": wilayah.code,
        "name": wilayah.name,
        "period": period_text,
        "computed": row is not None,
        "min_cell": disclosure.min_cell(),
        "stunting": _rate(s.stunted, s.len_valid),
        "wasting": _rate(s.wasted, s.wfl_valid),
        "underweight": _rate(s.underweight, s.wei_valid),
        "overweight": _rate(s.overweight, s.wfl_valid),
        "skdn": _skdn(s),
    }


@router.get(
    "/prevalence",
    response={200: PrevalenceOut, 404: ErrorOut, 422: ErrorOut},
    auth=PUBLIC,
    summary="Stunting, wasting, underweight, overweight and SKDN of a place and month",
    description="Public aggregates from the monthly summary, no lower than the kecamatan "
    "(a desa/kelurahan answers 422). A count below the minimum cell (``min_cell``, 10 by "
    "default) is ``null``, and a rate whose count or denominator is below it has a ``null`` "
    "percent; either way the rate says ``suppressed: true``. Answers are cached until the "
    "next summary refresh.",
)
def prevalence(request: HttpRequest, filters: Query[PrevalenceFilter]) -> Any:
    """Public aggregates read from the monthly summary (zeros before it is computed)."""
    key = cache.public_key(CACHE_NAMESPACE, request, kind="prevalence")
    answer = cache.remember(key, lambda: _prevalence(filters.wilayah, filters.period))
    cache.share(request, CACHE_NAMESPACE)
    return answer


# --- GET /prevalence/period (public) ---------------------------------------------------------


class PeriodPrevalenceFilter(Schema):
    wilayah: str = Field(
        ...,
        description="Kemendagri code of the province, a kab/kota or a kecamatan (no lower)",
    )
    start: str = Field(..., alias="from", description="first month, YYYY-MM")
    end: str = Field(..., alias="to", description="last month, YYYY-MM (at most 12 months)")


class PeriodPrevalenceOut(Schema):
    wilayah: str
    name: str
    start: str = Field(..., alias="from")
    end: str = Field(..., alias="to")
    min_cell: int
    stunting: Rate
    wasting: Rate
    underweight: Rate
    overweight: Rate


def _month(key: str, text: str) -> dt.date:
    """A YYYY-MM month as its first day (a field error otherwise)."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise ValidationError({key: "Use YYYY-MM."})
    return dt.date(int(text[:4]), int(text[5:]), 1)


def _period_prevalence(wilayah_code: str, start_text: str, end_text: str) -> dict[str, Any]:
    """The public period answer for one place (404 off the programme, 422 below kecamatan)."""
    start, end = _month("from", start_text), _month("to", end_text)
    if start > end:
        raise ValidationError({"to": _("The last month comes before the first.")})
    if dashboard_selectors.period_months(start, end) > dashboard_selectors.MAX_PERIOD_MONTHS:
        raise ValidationError({"to": _("A period is at most 12 months.")})
    wilayah = dashboard_selectors.public_wilayah(wilayah_code)
    if wilayah is None:
        raise Http404
    if not disclosure.public_level_allowed(wilayah.level):
        raise ValidationError(
            {
                "wilayah": _("Public figures go no lower than the kecamatan: ask for %(code)s.")
                % {"code": ".".join(wilayah.code.split(".")[:3])}
            }
        )
    figures = dashboard_selectors.public_period_figures(wilayah, start, end)
    counts = figures.counts
    return {
        "wilayah": wilayah.code,
        "name": wilayah.name,
        "from": start_text,
        "to": end_text,
        "min_cell": disclosure.min_cell(),
        "stunting": _rate(counts.stunted, counts.len_valid),
        "wasting": _rate(counts.wasted, counts.wfl_valid),
        "underweight": _rate(counts.underweight, counts.wei_valid),
        "overweight": _rate(counts.overweight, counts.wfl_valid),
    }


@router.get(
    "/prevalence/period",
    response={200: PeriodPrevalenceOut, 404: ErrorOut, 422: ErrorOut},
    auth=PUBLIC,
    by_alias=True,
    summary="Period prevalence: each child once, on its latest valid measurement",
    description="Stunting, wasting, underweight and overweight over the months `from`-`to` "
    "(at most 12; e.g. the February or August weighing month): each child counts once per "
    "indicator, on its latest measurement of the period with a valid z-score. Percentages "
    "are rounded half up to one decimal, as everywhere. Small cells are withheld as in "
    "`/prevalence`; no lower than the kecamatan.",
)
def period_prevalence(request: HttpRequest, filters: Query[PeriodPrevalenceFilter]) -> Any:
    """Public period prevalence of a place, cached until the next summary refresh."""
    key = cache.public_key(CACHE_NAMESPACE, request, kind="period_prevalence")
    answer = cache.remember(
        key, lambda: _period_prevalence(filters.wilayah, filters.start, filters.end)
    )
    cache.share(request, CACHE_NAMESPACE)
    return answer
