"""Contact window, follow-up days and the end of isolation."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from replika.outbreak.rules import contact_window, follow_up_days, follow_up_end, isolation_end

D = dt.date
days_2020s = st.dates(min_value=D(2020, 1, 1), max_value=D(2029, 12, 31))


def test_worked_example_onset_10_august_gives_8_to_24_august():
    assert contact_window(onset=D(2020, 8, 10)) == (D(2020, 8, 8), D(2020, 8, 24))


def test_without_onset_the_window_counts_from_the_specimen_date():
    # 2021-06-01 − 2 = 2021-05-30; + 14 = 2021-06-15.
    assert contact_window(specimen=D(2021, 6, 1)) == (D(2021, 5, 30), D(2021, 6, 15))


def test_onset_wins_over_specimen_when_both_are_known():
    window = contact_window(onset=D(2020, 8, 10), specimen=D(2020, 8, 12))
    assert window == (D(2020, 8, 8), D(2020, 8, 24))


def test_disease_specific_days_before_and_after():
    # Measles-like 4 days either side of onset 2023-03-01: 2023-02-25 … 2023-03-05.
    window = contact_window(onset=D(2023, 3, 1), before=4, after=4)
    assert window == (D(2023, 2, 25), D(2023, 3, 5))
    assert contact_window(specimen=D(2023, 3, 1), before=0, after=0) == (D(2023, 3, 1),) * 2


def test_window_needs_onset_or_specimen():
    with pytest.raises(ValueError, match="onset or specimen"):
        contact_window()


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"onset": D(2020, 8, 10), "before": -1}, "before"),
        ({"onset": D(2020, 8, 10), "after": -3}, "after"),
        ({"onset": D(2020, 8, 10), "after": 1.5}, "after"),
        ({"onset": "2020-08-10"}, "onset"),
        ({"specimen": 20200810}, "specimen"),
    ],
)
def test_bad_window_arguments_are_refused_naming_them(kwargs, name):
    with pytest.raises(ValueError, match=name):
        contact_window(**kwargs)


@given(days_2020s, st.integers(0, 30), st.integers(0, 30))
def test_window_spans_before_plus_after_plus_one_days_around_the_anchor(day, before, after):
    first, last = contact_window(onset=day, before=before, after=after)
    assert first <= day <= last
    assert (last - first).days == before + after


def test_follow_up_starts_the_day_after_last_exposure_for_14_days():
    days = follow_up_days(D(2020, 8, 10))
    assert len(days) == 14
    assert days[0] == D(2020, 8, 11)
    assert days[-1] == D(2020, 8, 24) == follow_up_end(D(2020, 8, 10))


def test_follow_up_length_comes_from_the_disease():
    # Lassa-like 21 days from 2020-08-10: 2020-08-11 … 2020-08-31.
    days = follow_up_days(D(2020, 8, 10), days=21)
    assert (days[0], days[-1], len(days)) == (D(2020, 8, 11), D(2020, 8, 31), 21)
    assert follow_up_end(D(2020, 8, 10), days=21) == D(2020, 8, 31)


def test_zero_follow_up_days_means_no_follow_up():
    assert follow_up_days(D(2020, 8, 10), days=0) == []


def test_edited_end_date_shortens_or_lengthens_follow_up_up_to_and_including_it():
    assert follow_up_days(D(2020, 8, 10), until=D(2020, 8, 13)) == [
        D(2020, 8, 11),
        D(2020, 8, 12),
        D(2020, 8, 13),
    ]
    assert follow_up_days(D(2020, 8, 10), until=D(2020, 8, 11)) == [D(2020, 8, 11)]
    assert follow_up_days(D(2020, 8, 10), until=D(2020, 8, 30))[-1] == D(2020, 8, 30)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"until": D(2020, 8, 10)}, "until"),
        ({"until": D(2020, 8, 1)}, "until"),
        ({"until": D(2030, 1, 1)}, "until"),
        ({"days": -1}, "days"),
        ({"days": 5000}, "days"),
        ({"days": True}, "days"),
    ],
)
def test_bad_follow_up_arguments_are_refused(kwargs, name):
    with pytest.raises(ValueError, match=name):
        follow_up_days(D(2020, 8, 10), **kwargs)


@given(days_2020s, st.integers(0, 60))
def test_follow_up_days_are_consecutive_and_end_on_follow_up_end(exposure, days):
    listed = follow_up_days(exposure, days=days)
    assert len(listed) == days
    assert all((b - a).days == 1 for a, b in itertools.pairwise(listed))
    if listed:
        assert listed[0] == exposure + dt.timedelta(days=1)
        assert listed[-1] == follow_up_end(exposure, days=days)


def test_worked_example_isolation_without_symptoms_ends_10_days_after_specimen():
    assert isolation_end(specimen=D(2021, 6, 1)) == D(2021, 6, 11)


def test_worked_example_symptoms_ending_early_end_isolation_at_onset_plus_13():
    # max(06-01 + 10 = 06-11, 06-05) + 3 = 06-14.
    assert isolation_end(onset=D(2021, 6, 1), symptoms_end=D(2021, 6, 5)) == D(2021, 6, 14)


def test_worked_example_symptoms_lasting_past_day_10_end_isolation_3_days_after():
    # max(06-11, 06-12) + 3 = 06-15.
    assert isolation_end(onset=D(2021, 6, 1), symptoms_end=D(2021, 6, 12)) == D(2021, 6, 15)


def test_symptoms_ending_exactly_on_day_10_give_the_same_end_as_earlier():
    # max(06-11, 06-11) + 3 = 06-14: the boundary day counts once.
    assert isolation_end(onset=D(2021, 6, 1), symptoms_end=D(2021, 6, 11)) == D(2021, 6, 14)


def test_isolation_end_is_unknown_while_symptoms_last():
    assert isolation_end(onset=D(2021, 6, 1)) is None
    assert isolation_end(onset=D(2021, 6, 1), specimen=D(2021, 6, 2)) is None


def test_onset_rule_applies_even_when_a_specimen_date_is_known():
    end = isolation_end(onset=D(2021, 6, 1), specimen=D(2021, 6, 20), symptoms_end=D(2021, 6, 2))
    assert end == D(2021, 6, 14)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({}, "onset or specimen"),
        ({"specimen": D(2021, 6, 1), "symptoms_end": D(2021, 6, 3)}, "symptoms_end"),
        ({"onset": D(2021, 6, 5), "symptoms_end": D(2021, 6, 4)}, "symptoms_end"),
        ({"specimen": D(2021, 6, 1), "days": -1}, "days"),
        (
            {"onset": D(2021, 6, 1), "symptoms_end": D(2021, 6, 2), "symptom_free": -1},
            "symptom_free",
        ),
    ],
)
def test_bad_isolation_arguments_are_refused(kwargs, name):
    with pytest.raises(ValueError, match=name):
        isolation_end(**kwargs)


@given(days_2020s, st.integers(0, 40))
def test_isolation_never_ends_before_ten_plus_three_days_after_onset(onset, sick_days):
    end = isolation_end(onset=onset, symptoms_end=onset + dt.timedelta(days=sick_days))
    assert end >= onset + dt.timedelta(days=13)
    assert end >= onset + dt.timedelta(days=sick_days + 3)
