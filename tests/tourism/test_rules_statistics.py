"""BPS accommodation statistics, compliance and year-on-year change (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.tourism.rules import (
    AccommodationTotals,
    accommodation_report_totals,
    accommodation_statistics,
    accommodation_totals,
    change_in_percent,
    change_in_points,
    compliance,
    statistics_from_totals,
)

KEYS = {"tpk", "tptt", "rlmt", "rlmt_domestic", "rlmt_foreign", "gpr"}


def report(**overrides: object) -> dict[str, object]:
    """The domain note's June hotel: 40 rooms, 80 beds, 30 days, 720 sold, 500 guests."""
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


# --- the worked example of the domain note ---------------------------------------------------


def test_domain_note_june_example_gives_the_published_rates():
    # TPK 720 / (40 × 30) × 100 = 60.00; TPTT 900 / (80 × 30) × 100 = 37.50;
    # RLMT 900 / 500 = 1.80 (840 / 480 = 1.75, 60 / 20 = 3.00); GPR 900 / 720 = 1.25.
    assert accommodation_statistics([report()]) == {
        "tpk": 60.0,
        "tptt": 37.5,
        "rlmt": 1.8,
        "rlmt_domestic": 1.75,
        "rlmt_foreign": 3.0,
        "gpr": 1.25,
    }


def test_domain_note_compliance_example_is_two_thirds():
    # 90 / 135 × 100 = 66.666… → 66.67
    assert compliance(filed=90, obliged=135) == 66.67


def test_statistics_return_exactly_the_contract_keys_as_floats():
    result = accommodation_statistics([report()])
    assert set(result) == KEYS
    assert all(type(value) is float for value in result.values())


# --- ratios of sums, never means of percentages ----------------------------------------------


def test_region_rate_is_ratio_of_sums_not_mean_of_hotel_rates():
    # A: 10 rooms × 30 days = 300 available, 300 sold (100 %); B: 100 × 30 = 3,000, 600 sold
    # (20 %). Mean of the two rates would be 60 %; the region's TPK is 900 / 3,300 = 27.27 %.
    small = report(rooms=10, beds=10, rooms_sold=300)
    large = report(rooms=100, beds=100, rooms_sold=600)
    assert accommodation_statistics([small, large])["tpk"] == 27.27


def test_region_length_of_stay_weighs_hotels_by_their_guests():
    # A: 100 guests, 100 nights (RLMT 1.00); B: 10 guests, 50 nights (5.00).
    # Mean of RLMT = 3.00; ratio of sums = 150 / 110 = 1.3636… → 1.36.
    a = report(guests_domestic=100, guests_foreign=0, nights_domestic=100, nights_foreign=0)
    b = report(guests_domestic=10, guests_foreign=0, nights_domestic=50, nights_foreign=0)
    assert accommodation_statistics([a, b])["rlmt"] == 1.36


def test_months_of_different_length_weigh_by_their_days():
    # February (28 days) 10 rooms: 280 available, 140 sold; March (31): 310, 310 sold.
    # (140 + 310) / (280 + 310) × 100 = 450 / 590 × 100 = 76.271… → 76.27.
    feb = report(rooms=10, beds=20, days=28, rooms_sold=140)
    mar = report(rooms=10, beds=20, days=31, rooms_sold=310)
    assert accommodation_statistics([feb, mar])["tpk"] == 76.27


def test_tptt_uses_bed_nights_available():
    # 2 hotels: beds 40 × 30 = 1,200 and 20 × 30 = 600; guest-nights 900 + 900 = 1,800.
    # TPTT = 1,800 / 1,800 × 100 = 100.00 (rooms alone would give 1,800 / 1,200 = 150 %)
    a = report(beds=40, rooms=20, rooms_sold=600)
    b = report(beds=20, rooms=20, rooms_sold=600)
    assert accommodation_statistics([a, b])["tptt"] == 100.0


def test_guests_per_room_is_guest_nights_per_room_night_sold():
    # 100 room-nights sold; 60 guests, each staying 3 nights = 180 guest-nights.
    # GPR = 180 / 100 = 1.80 (guests per room-night, 60 / 100 = 0.60, would ignore the stay).
    stay = report(rooms_sold=100, guests_domestic=60, guests_foreign=0)
    stay |= {"nights_domestic": 180, "nights_foreign": 0}
    assert accommodation_statistics([stay])["gpr"] == 1.8


# --- denominators of zero --------------------------------------------------------------------


def test_no_reports_give_no_rates():
    assert accommodation_statistics([]) == dict.fromkeys(KEYS)


def test_hotel_without_foreign_guests_has_no_foreign_length_of_stay():
    result = accommodation_statistics([report(guests_foreign=0, nights_foreign=0)])
    # 840 / 480 = 1.75 both overall and domestic
    assert result["rlmt_foreign"] is None
    assert result["rlmt_domestic"] == 1.75
    assert result["rlmt"] == 1.75


def test_empty_month_has_zero_occupancy_but_no_stay_or_guests_per_room():
    quiet = report(rooms_sold=0, guests_domestic=0, guests_foreign=0)
    quiet |= {"nights_domestic": 0, "nights_foreign": 0}
    assert accommodation_statistics([quiet]) == {
        "tpk": 0.0,
        "tptt": 0.0,
        "rlmt": None,
        "rlmt_domestic": None,
        "rlmt_foreign": None,
        "gpr": None,
    }


def test_closed_hotel_with_zero_days_has_no_occupancy_rate():
    closed = report(days=0, rooms_sold=0, guests_domestic=0, guests_foreign=0)
    closed |= {"nights_domestic": 0, "nights_foreign": 0}
    assert accommodation_statistics([closed])["tpk"] is None
    assert accommodation_statistics([closed])["tptt"] is None


def test_blank_counts_read_as_zero():
    result = accommodation_statistics([report(guests_foreign=None, nights_foreign=None)])
    assert result["rlmt_foreign"] is None
    assert result["rlmt"] == 1.75  # 840 / 480


# --- rounding: half-up on the exact value ----------------------------------------------------


def test_occupancy_tie_rounds_half_up_not_to_even():
    # 1 room-night sold of 40 rooms × 20 days = 800: 1 / 800 × 100 = 0.125 → 0.13
    # (banker's rounding and truncation would both give 0.12).
    one_sold = report(rooms=40, days=20, rooms_sold=1, guests_domestic=1, guests_foreign=0)
    one_sold |= {"nights_domestic": 1, "nights_foreign": 0}
    assert accommodation_statistics([one_sold])["tpk"] == 0.13


def test_length_of_stay_tie_rounds_up_where_floats_would_not():
    # 201 / 200 = 1.005 exactly; round(1.005, 2) in floats gives 1.0, half-up gives 1.01.
    stay = report(guests_domestic=200, nights_domestic=201, guests_foreign=0, nights_foreign=0)
    assert accommodation_statistics([stay])["rlmt_domestic"] == 1.01


def test_guests_per_room_tie_rounds_half_up():
    # 9 guest-nights in 8 room-nights: 9 / 8 = 1.125 → 1.13 (not 1.12)
    few = report(rooms_sold=8, guests_domestic=9, guests_foreign=0)
    few |= {"nights_domestic": 9, "nights_foreign": 0}
    assert accommodation_statistics([few])["gpr"] == 1.13


def test_compliance_tie_rounds_half_up():
    # 1 / 800 × 100 = 0.125 → 0.13; 7 / 8 × 100 = 87.5 stays 87.5
    assert compliance(filed=1, obliged=800) == 0.13
    assert compliance(filed=7, obliged=8) == 87.5


def test_compliance_third_rounds_down_and_two_thirds_up():
    # 1 / 3 × 100 = 33.333… → 33.33; 2 / 3 × 100 = 66.666… → 66.67
    assert compliance(filed=1, obliged=3) == 33.33
    assert compliance(filed=2, obliged=3) == 66.67


# --- boundaries and bad arguments ------------------------------------------------------------


def test_every_room_sold_every_night_is_full_occupancy():
    # sold up to and including rooms × days: 40 × 30 = 1,200 → 100.00 %
    assert accommodation_statistics([report(rooms_sold=1200)])["tpk"] == 100.0


def test_more_room_nights_sold_than_available_is_refused():
    with pytest.raises(ValueError, match="rooms_sold"):
        accommodation_statistics([report(rooms_sold=1201)])


def test_one_overfull_hotel_cannot_hide_behind_an_empty_one():
    # Together 1,201 + 0 ≤ 2,400 room-nights, but the first hotel alone sold too many.
    empty = report(rooms_sold=0, guests_domestic=0, guests_foreign=0)
    empty |= {"nights_domestic": 0, "nights_foreign": 0}
    with pytest.raises(ValueError, match="rooms_sold"):
        accommodation_statistics([report(rooms_sold=1201), empty])


@pytest.mark.parametrize("field", ["rooms", "beds", "days", "guests_foreign", "nights_domestic"])
def test_negative_count_is_refused_naming_the_field(field):
    with pytest.raises(ValueError, match=field):
        accommodation_statistics([report(**{field: -1})])


@pytest.mark.parametrize("value", [2.5, "12", True, float("nan"), Decimal("1.5")])
def test_count_that_is_not_a_whole_number_is_refused(value):
    with pytest.raises(ValueError, match="guests_domestic"):
        accommodation_statistics([report(guests_domestic=value)])


def test_whole_floats_and_decimals_are_accepted_as_counts():
    assert accommodation_statistics([report(rooms=40.0, rooms_sold=Decimal(720))])["tpk"] == 60.0


def test_report_missing_a_field_is_refused_naming_it():
    broken = report()
    del broken["beds"]
    with pytest.raises(ValueError, match="beds"):
        accommodation_statistics([broken])


def test_reports_may_be_a_one_pass_generator():
    reports = (report() for _ in range(3))
    assert accommodation_statistics(reports)["tpk"] == 60.0


@pytest.mark.parametrize(
    ("filed", "obliged", "name"),
    [(-1, 10, "filed"), (1, -1, "obliged"), (11, 10, "filed"), (1, 0, "filed"), (True, 2, "filed")],
)
def test_compliance_refuses_impossible_counts(filed, obliged, name):
    with pytest.raises(ValueError, match=name):
        compliance(filed=filed, obliged=obliged)


def test_compliance_without_obliged_operators_is_unknown():
    assert compliance(filed=0, obliged=0) is None


def test_compliance_bounds():
    assert compliance(filed=0, obliged=5) == 0.0
    assert compliance(filed=5, obliged=5) == 100.0


def test_compliance_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        compliance(90, 135)  # type: ignore[misc]


# --- totals: the path for figures summed in the database -------------------------------------


def test_totals_of_the_example_hold_its_sums():
    assert accommodation_report_totals(report()) == AccommodationTotals(
        room_nights_available=1200,
        bed_nights_available=2400,
        rooms_sold=720,
        guests_domestic=480,
        guests_foreign=20,
        nights_domestic=840,
        nights_foreign=60,
    )


def test_totals_add_up_group_by_group():
    both = accommodation_report_totals(report()) + accommodation_report_totals(report())
    assert both == accommodation_totals([report(), report()])
    assert both.guests == 1000
    assert both.nights == 1800


def test_totals_from_database_sums_accept_decimals_and_empty_sums():
    # PostgreSQL sums bigints as numeric, and SUM over no rows is NULL.
    totals = AccommodationTotals(
        room_nights_available=Decimal(1200),
        bed_nights_available=Decimal(2400),
        rooms_sold=Decimal(720),
        guests_domestic=480,
        guests_foreign=None,  # type: ignore[arg-type]
        nights_domestic=840,
        nights_foreign=None,  # type: ignore[arg-type]
    )
    assert totals.rooms_sold == 720
    assert type(totals.rooms_sold) is int
    # TPK 720 / 1,200 = 60.00; TPTT 840 / 2,400 = 35.00; RLMT 840 / 480 = 1.75; GPR 840 / 720
    # = 1.1666… → 1.17
    assert statistics_from_totals(totals) == {
        "tpk": 60.0,
        "tptt": 35.0,
        "rlmt": 1.75,
        "rlmt_domestic": 1.75,
        "rlmt_foreign": None,
        "gpr": 1.17,
    }


def test_totals_refuse_more_sold_than_available():
    with pytest.raises(ValueError, match="rooms_sold"):
        AccommodationTotals(room_nights_available=10, rooms_sold=11)


def test_totals_refuse_negative_sums():
    with pytest.raises(ValueError, match="nights_foreign"):
        AccommodationTotals(nights_foreign=-3)


# --- year-on-year change ---------------------------------------------------------------------


def test_change_in_points_is_the_difference_of_percentages():
    # 60.00 − 55.25 = 4.75 points; the other way round −4.75
    assert change_in_points(60.0, 55.25) == 4.75
    assert change_in_points(55.25, 60.0) == -4.75


def test_change_in_points_is_exact_on_decimal_inputs():
    # 60.1 − 55.25 in binary floats is 4.8499999…; the change is 4.85 points.
    assert change_in_points(60.1, 55.25) == 4.85
    assert change_in_points(Decimal("0.3"), Decimal("0.1")) == 0.2


def test_change_in_points_ties_round_away_from_zero():
    # ±1.005 → ±1.01
    assert change_in_points(1.005, 0.0) == 1.01
    assert change_in_points(0.0, 1.005) == -1.01


def test_change_in_points_without_one_side_is_unknown():
    assert change_in_points(None, 50.0) is None
    assert change_in_points(50.0, None) is None


@pytest.mark.parametrize(
    ("current", "previous", "name"),
    [(-1.0, 5.0, "current"), (5.0, -0.01, "previous"), (float("nan"), 1.0, "current")],
)
def test_change_in_points_refuses_impossible_percentages(current, previous, name):
    with pytest.raises(ValueError, match=name):
        change_in_points(current, previous)


def test_change_in_percent_of_batu_visits_2023_to_2024():
    # (10,852,787 − 10,116,570) / 10,116,570 × 100 = 736,217 / 10,116,570 × 100 = 7.2773… → 7.28
    assert change_in_percent(10_852_787, 10_116_570) == 7.28


def test_change_in_percent_falls_and_has_no_value_from_nothing():
    # (75 − 100) / 100 × 100 = −25.00
    assert change_in_percent(75, 100) == -25.0
    assert change_in_percent(5, 0) is None
    assert change_in_percent(None, 3) is None


def test_change_in_percent_refuses_negative_counts():
    with pytest.raises(ValueError, match="previous"):
        change_in_percent(5, -1)


# --- invariants ------------------------------------------------------------------------------


@st.composite
def valid_reports(draw: st.DrawFn) -> dict[str, object]:
    """Any report the rules accept: sold ≤ rooms × days, counts ≥ 0."""
    rooms = draw(st.integers(0, 300))
    days = draw(st.integers(0, 31))
    return {
        "rooms": rooms,
        "beds": draw(st.integers(0, 600)),
        "days": days,
        "rooms_sold": draw(st.integers(0, rooms * days)),
        "guests_domestic": draw(st.integers(0, 5000)),
        "guests_foreign": draw(st.integers(0, 500)),
        "nights_domestic": draw(st.integers(0, 9000)),
        "nights_foreign": draw(st.integers(0, 900)),
    }


@given(st.lists(valid_reports(), max_size=8))
def test_occupancy_is_a_percentage(reports):
    tpk = accommodation_statistics(reports)["tpk"]
    assert tpk is None or 0.0 <= tpk <= 100.0


@given(st.lists(valid_reports(), max_size=8), st.randoms(use_true_random=False))
def test_order_of_reports_does_not_matter(reports, rng):
    shuffled = list(reports)
    rng.shuffle(shuffled)
    assert accommodation_statistics(shuffled) == accommodation_statistics(reports)


@given(st.lists(valid_reports(), min_size=1, max_size=6), st.integers(2, 5))
def test_repeating_every_report_leaves_the_rates_unchanged(reports, times):
    assert accommodation_statistics(reports * times) == accommodation_statistics(reports)


@given(valid_reports(), valid_reports())
def test_regional_occupancy_lies_between_the_hotels_rates(a, b):
    rates = [accommodation_statistics([r])["tpk"] for r in (a, b)]
    both = accommodation_statistics([a, b])["tpk"]
    known = [rate for rate in rates if rate is not None]
    if both is not None:
        # a ratio of sums is a weighted mean of the parts (each rounded by at most 0.005)
        assert min(known) - 0.01 <= both <= max(known) + 0.01


@given(valid_reports())
def test_overall_stay_lies_between_domestic_and_foreign_stay(r):
    result = accommodation_statistics([r])
    parts = [result["rlmt_domestic"], result["rlmt_foreign"]]
    known = [part for part in parts if part is not None]
    if result["rlmt"] is not None and len(known) == 2:
        assert min(known) - 0.01 <= result["rlmt"] <= max(known) + 0.01


@given(st.lists(valid_reports(), max_size=6))
def test_statistics_from_summed_totals_equal_statistics_from_reports(reports):
    totals = sum((accommodation_report_totals(r) for r in reports), AccommodationTotals())
    assert statistics_from_totals(totals) == accommodation_statistics(reports)


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_compliance_is_a_percentage_rounded_to_two_decimals(a, b):
    filed, obliged = min(a, b), max(a, b)
    value = compliance(filed=filed, obliged=obliged)
    if obliged == 0:
        assert value is None
    else:
        assert value is not None
        assert 0.0 <= value <= 100.0
        assert abs(value - filed / obliged * 100) <= 0.005 + 1e-9
        assert Decimal(str(value)) == Decimal(str(value)).quantize(Decimal("0.01"))


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_compliance_rounds_half_up_like_decimal(filed, extra):
    from decimal import ROUND_HALF_UP, localcontext

    obliged = filed + extra
    with localcontext() as ctx:
        ctx.prec = 60  # far more digits than any repeating fraction here could blur
        exact = Decimal(filed) * 100 / Decimal(obliged)
        expected = float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert compliance(filed=filed, obliged=obliged) == expected
