"""Per-field checks of one monthly accommodation or attraction report (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.tourism.rules import (
    ACCOMMODATION_FIELDS,
    Problem,
    accommodation_report_problems,
    accommodation_statistics,
    attraction_report_problems,
)

JUNE = dt.date(2025, 6, 1)


def hotel(**overrides: object) -> dict[str, object]:
    """The domain note's June hotel, which is a valid report."""
    base: dict[str, object] = {
        "rooms": 40,
        "beds": 80,
        "days": 30,
        "rooms_sold": 720,
        "guests_domestic": 480,
        "guests_foreign": 20,
        "nights_domestic": 840,
        "nights_foreign": 60,
    }
    return base | overrides


def attraction(**overrides: object) -> dict[str, object]:
    """A waterfall's month: 1,200 domestic and 15 foreign visitors, Rp 6,075,000 tickets."""
    base: dict[str, object] = {
        "visitors_domestic": 1200,
        "visitors_foreign": 15,
        "ticket_revenue": Decimal("6075000"),
    }
    return base | overrides


# --- accommodation: valid reports ------------------------------------------------------------


def test_domain_note_example_is_a_valid_report():
    assert accommodation_report_problems(hotel(), period=JUNE, today=dt.date(2025, 7, 3)) == []


def test_boundaries_are_allowed_up_to_and_including_the_limit():
    # sold = rooms × days = 40 × 30 = 1,200; nights = guests; beds = rooms; days = 30 in June
    edge = hotel(rooms_sold=1200, beds=40, nights_domestic=480, nights_foreign=20)
    assert accommodation_report_problems(edge, period=JUNE) == []


def test_empty_month_is_a_valid_report():
    quiet = dict.fromkeys(ACCOMMODATION_FIELDS, 0) | {"rooms": 12, "beds": 20, "days": 30}
    assert accommodation_report_problems(quiet) == []


def test_problems_are_field_and_code_pairs():
    problems = accommodation_report_problems(hotel(rooms=-1))
    assert problems == [("rooms", "negative")]
    assert problems[0].field == "rooms"
    assert problems[0].code == "negative"


# --- accommodation: one count at a time ------------------------------------------------------


@pytest.mark.parametrize("field", ACCOMMODATION_FIELDS)
def test_negative_count_is_a_problem_on_its_field(field):
    assert Problem(field, "negative") in accommodation_report_problems(hotel(**{field: -3}))


@pytest.mark.parametrize("field", ACCOMMODATION_FIELDS)
def test_blank_count_is_required(field):
    assert accommodation_report_problems(hotel(**{field: None})) == [Problem(field, "required")]


def test_missing_key_is_required():
    report = hotel()
    del report["rooms_sold"]
    assert accommodation_report_problems(report) == [Problem("rooms_sold", "required")]


@pytest.mark.parametrize("value", [2.5, "12", True, float("inf"), Decimal("NaN"), [1]])
def test_count_that_is_not_a_whole_number_is_a_problem(value):
    assert accommodation_report_problems(hotel(guests_foreign=value)) == [
        Problem("guests_foreign", "not_whole_number")
    ]


def test_whole_float_and_decimal_counts_are_accepted():
    assert accommodation_report_problems(hotel(rooms=40.0, beds=Decimal(80))) == []


# --- accommodation: fields against each other ------------------------------------------------


def test_selling_more_room_nights_than_rooms_times_days_is_a_problem():
    # 40 rooms × 30 days = 1,200 room-nights; 1,201 sold
    assert accommodation_report_problems(hotel(rooms_sold=1201)) == [
        Problem("rooms_sold", "sold_above_available")
    ]


def test_fewer_guest_nights_than_guests_is_a_problem_per_origin():
    # 480 domestic guests but 479 nights; 20 foreign guests but 19 nights
    problems = accommodation_report_problems(hotel(nights_domestic=479, nights_foreign=19))
    assert problems == [
        Problem("nights_domestic", "nights_below_guests"),
        Problem("nights_foreign", "nights_below_guests"),
    ]


def test_fewer_beds_than_rooms_is_a_problem():
    assert accommodation_report_problems(hotel(beds=39)) == [Problem("beds", "beds_below_rooms")]


def test_guest_nights_without_any_room_sold_is_a_problem():
    report = hotel(rooms_sold=0)
    assert accommodation_report_problems(report) == [
        Problem("rooms_sold", "nights_without_rooms_sold")
    ]


def test_more_days_than_the_period_month_is_a_problem():
    february = dt.date(2025, 2, 1)
    report = hotel(days=29, rooms_sold=0, guests_domestic=0, guests_foreign=0)
    report |= {"nights_domestic": 0, "nights_foreign": 0}
    assert accommodation_report_problems(report, period=february) == [
        Problem("days", "more_days_than_month")
    ]
    # the leap year's February has its 29th day
    assert accommodation_report_problems(report, period=dt.date(2024, 2, 1)) == []


def test_without_a_period_days_may_not_pass_31():
    assert accommodation_report_problems(hotel(days=32)) == [
        Problem("days", "more_days_than_month")
    ]
    assert accommodation_report_problems(hotel(days=31)) == []


def test_cross_checks_skip_fields_that_are_already_wrong():
    # rooms is negative: no second, confusing "sold above available" or "beds below rooms"
    assert accommodation_report_problems(hotel(rooms=-40)) == [Problem("rooms", "negative")]
    # too many days: the sold check waits for a valid number of days
    assert accommodation_report_problems(hotel(days=40, rooms_sold=1300)) == [
        Problem("days", "more_days_than_month")
    ]


def test_every_problem_is_reported_at_once():
    report = hotel(rooms=None, guests_foreign=-1, nights_domestic=1, beds="x")
    assert accommodation_report_problems(report) == [
        Problem("rooms", "required"),
        Problem("beds", "not_whole_number"),
        Problem("guests_foreign", "negative"),
        Problem("nights_domestic", "nights_below_guests"),
    ]


# --- the report's month ----------------------------------------------------------------------


def test_report_for_a_future_month_is_a_problem():
    problems = accommodation_report_problems(hotel(), period=JUNE, today=dt.date(2025, 5, 31))
    assert problems == [Problem("period", "period_in_future")]


def test_report_for_the_month_still_running_is_a_problem():
    problems = accommodation_report_problems(hotel(), period=JUNE, today=dt.date(2025, 6, 30))
    assert problems == [Problem("period", "period_not_over")]


def test_report_can_be_filed_from_the_first_day_of_the_next_month():
    assert accommodation_report_problems(hotel(), period=JUNE, today=dt.date(2025, 7, 1)) == []


def test_period_check_needs_both_the_period_and_today():
    assert accommodation_report_problems(hotel(), today=dt.date(2020, 1, 1)) == []


# --- attraction reports ----------------------------------------------------------------------


def test_attraction_report_is_valid():
    assert attraction_report_problems(attraction(), period=JUNE, today=dt.date(2025, 7, 2)) == []


def test_ticket_revenue_is_optional():
    assert attraction_report_problems(attraction(ticket_revenue=None)) == []
    report = attraction()
    del report["ticket_revenue"]
    assert attraction_report_problems(report) == []


def test_attraction_with_no_visitors_and_no_revenue_is_valid():
    quiet = attraction(visitors_domestic=0, visitors_foreign=0, ticket_revenue=0)
    assert attraction_report_problems(quiet) == []


@pytest.mark.parametrize("field", ["visitors_domestic", "visitors_foreign"])
def test_negative_visitors_are_a_problem(field):
    assert attraction_report_problems(attraction(**{field: -1})) == [Problem(field, "negative")]


@pytest.mark.parametrize("field", ["visitors_domestic", "visitors_foreign"])
def test_visitor_counts_are_required(field):
    report = attraction()
    del report[field]
    assert attraction_report_problems(report) == [Problem(field, "required")]


@pytest.mark.parametrize(
    ("revenue", "code"),
    [
        (-1, "negative"),
        (Decimal("-0.01"), "negative"),
        (float("nan"), "not_number"),
        ("lots", "not_number"),
        (True, "not_number"),
        (Decimal("Infinity"), "not_number"),
    ],
)
def test_bad_ticket_revenue_is_a_problem(revenue, code):
    assert attraction_report_problems(attraction(ticket_revenue=revenue)) == [
        Problem("ticket_revenue", code)
    ]


def test_ticket_revenue_without_any_visitor_is_a_problem():
    report = attraction(visitors_domestic=0, visitors_foreign=0, ticket_revenue=50_000)
    assert attraction_report_problems(report) == [
        Problem("ticket_revenue", "revenue_without_visitors")
    ]


def test_attraction_for_a_future_month_is_a_problem():
    problems = attraction_report_problems(attraction(), period=JUNE, today=dt.date(2025, 4, 1))
    assert problems == [Problem("period", "period_in_future")]


# --- invariants ------------------------------------------------------------------------------

COUNT = st.one_of(st.integers(-5, 2000), st.none(), st.floats(-2, 2000), st.just("7"))


@given(st.fixed_dictionaries(dict.fromkeys(ACCOMMODATION_FIELDS, COUNT)))
def test_checks_never_raise_and_every_problem_names_a_known_field(report):
    problems = accommodation_report_problems(report)
    assert {p.field for p in problems} <= set(ACCOMMODATION_FIELDS)


@given(st.fixed_dictionaries(dict.fromkeys(ACCOMMODATION_FIELDS, st.integers(0, 1500))))
def test_a_report_that_passes_the_checks_gives_sane_statistics(report):
    if accommodation_report_problems(report):
        return
    result = accommodation_statistics([report])
    assert result["tpk"] is None or 0 <= result["tpk"] <= 100
    for key in ("rlmt", "rlmt_domestic", "rlmt_foreign"):
        # guest-nights ≥ guests, so an average stay is at least one night
        assert result[key] is None or result[key] >= 1
