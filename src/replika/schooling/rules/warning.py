"""Early warning for enrolled pupils: the signals a school reports, scored into a level."""

from __future__ import annotations

from replika.schooling.rules._checks import check_count, percent
from replika.schooling.rules.followup import check_threshold

LOW, MEDIUM, HIGH = "low", "medium", "high"
WARNING_LEVELS = (LOW, MEDIUM, HIGH)


def warning_score(
    *,
    attendance: float | None,
    threshold: float,
    repeated_grades: int,
    poverty_flags: int,
    works_or_married: bool = False,
) -> int:
    """Points of risk: attendance below the threshold 3 (below half of it 4), each repeated
    grade 2, each poverty flag (DTKS, KIP, PKH) 1, work or marriage 3."""
    repeated_grades = check_count("repeated_grades", repeated_grades)
    poverty_flags = check_count("poverty_flags", poverty_flags)
    limit = check_threshold(threshold)
    score = 0
    if attendance is not None:
        present = check_threshold(attendance)
        if present < limit / 2:
            score += 4
        elif present < limit:
            score += 3
    score += 2 * repeated_grades + poverty_flags
    if works_or_married:
        score += 3
    return score


def warning_level(score: int) -> str:
    """low below 3 points, medium from 3, high from 5 (a school follows up high at once)."""
    score = check_count("score", score)
    if score >= 5:
        return HIGH
    if score >= 3:
        return MEDIUM
    return LOW


def progress_to_zero(*, baseline: int, remaining: int) -> float | None:
    """Share of the baseline's out-of-school children no longer out of school, in percent
    (1,278 → 491 is 61.58 %); None without a baseline. Never below 0."""
    baseline = check_count("baseline", baseline)
    remaining = check_count("remaining", remaining)
    if baseline == 0:
        return None
    return percent(max(baseline - remaining, 0), baseline)
