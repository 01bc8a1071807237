"""Pure competition rules: weights, weighted scores, combination, ranking and tie-break.

Plain values in, plain values out: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # the stubs' helper type; nothing to import at run time
    from django_stubs_ext import StrOrPromise

# The KIPP proposal sections (PermenPANRB 91/2021 as applied in 2023), in form order.
CRITERIA: list[tuple[str, StrOrPromise]] = [
    ("background", _("Background and goals")),
    ("novelty", _("Novelty")),
    ("implementation", _("Implementation")),
    ("significance", _("Significance")),
    ("adaptability", _("Adaptability")),
    ("resources", _("Resources")),
    ("sustainability", _("Sustainability")),
]
CRITERION_CODES: list[str] = [code for code, _label in CRITERIA]

DEFAULT_WEIGHTS: dict[str, int] = {
    "background": 10,
    "novelty": 15,
    "implementation": 5,
    "significance": 30,
    "adaptability": 20,
    "resources": 5,
    "sustainability": 15,
}

TIE_BREAK_RULE = _(
    "Equal final scores are ordered by the higher significance score, then the higher "
    "novelty score, then the earlier submission."
)

# Scores are compared after rounding so that float noise never decides a tie.
PRECISION = 4


def weight_errors(weights: Mapping[str, object]) -> dict[str, list[str]]:
    """Problems with a call's weights per field (``weight_<code>``, or ``weights`` for the sum)."""
    errors: dict[str, list[str]] = {}
    total = 0
    for code in CRITERION_CODES:
        value = weights.get(code)
        if not isinstance(value, int) or isinstance(value, bool):
            errors[f"weight_{code}"] = [str(_("Enter a whole number."))]
            continue
        if not 0 <= value <= 100:
            errors[f"weight_{code}"] = [str(_("Enter a weight between 0 and 100."))]
            continue
        total += value
    unknown = set(weights) - set(CRITERION_CODES)
    if unknown:
        errors["weights"] = [str(_("Unknown criteria: %s.") % ", ".join(sorted(unknown)))]
    elif not errors and total != 100:
        errors["weights"] = [str(_("The weights must add up to 100 (now %d).") % total)]
    return errors


def score_errors(scores: Mapping[str, object]) -> dict[str, list[str]]:
    """Problems with one evaluator's criterion scores, per field (``score_<code>``)."""
    errors: dict[str, list[str]] = {}
    for code in CRITERION_CODES:
        value = scores.get(code)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            errors[f"score_{code}"] = [str(_("Enter a score between 0 and 100."))]
    return errors


def weighted_total(weights: Mapping[str, int], scores: Mapping[str, float]) -> float:
    """One evaluator's total: Σ weight × score / 100 over the criteria."""
    return sum(weights.get(code, 0) * scores.get(code, 0) for code in CRITERION_CODES) / 100


def mean_or_none(values: Sequence[float]) -> float | None:
    """The mean of the values, or None when there are none."""
    return fmean(values) if values else None


def combine(evaluation: float, presentation: float | None, presentation_weight: int) -> float:
    """The final score: evaluation and presentation mixed by the call's presentation weight."""
    if presentation is None:
        return evaluation
    share = presentation_weight / 100
    return evaluation * (1 - share) + presentation * share


@dataclass(frozen=True)
class Entry:
    """A proposal as the ranking sees it."""

    key: int
    score: float
    significance: float
    novelty: float
    submitted_at: dt.datetime


def rank_key(entry: Entry) -> tuple[float, float, float, dt.datetime, int]:
    """Sort key: higher score, higher significance, higher novelty, earlier submission."""
    return (
        -round(entry.score, PRECISION),
        -round(entry.significance, PRECISION),
        -round(entry.novelty, PRECISION),
        entry.submitted_at,
        entry.key,
    )


def rank(entries: Sequence[Entry]) -> list[tuple[int, Entry]]:
    """Entries with their places (1, 2, 3, …) under the stated tie-break rule."""
    ordered = sorted(entries, key=rank_key)
    return [(place, entry) for place, entry in enumerate(ordered, start=1)]


def top_n(entries: Sequence[Entry], n: int) -> list[Entry]:
    """The first ``n`` entries of the ranking (all of them when there are fewer)."""
    return [entry for _place, entry in rank(entries)[: max(n, 0)]]
