"""The pure rules: weights, weighted totals, combination, ranking with the stated tie-break."""

from __future__ import annotations

import datetime as dt

from replika.competition import rules
from replika.competition.rules import DEFAULT_WEIGHTS, Entry

T0 = dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.UTC)


def entry(key, score, significance=50.0, novelty=50.0, minutes=0):
    return Entry(key, score, significance, novelty, T0 + dt.timedelta(minutes=minutes))


def test_kipp_2023_weights_are_valid_and_sum_to_100():
    assert sum(DEFAULT_WEIGHTS.values()) == 100
    assert rules.weight_errors(DEFAULT_WEIGHTS) == {}


def test_weights_not_adding_up_to_100_are_refused():
    weights = {**DEFAULT_WEIGHTS, "novelty": 10}
    assert "95" in rules.weight_errors(weights)["weights"][0]


def test_a_bad_weight_is_reported_against_its_own_field():
    errors = rules.weight_errors({**DEFAULT_WEIGHTS, "resources": -5, "novelty": "x"})
    assert set(errors) == {"weight_resources", "weight_novelty"}


def test_unknown_and_missing_criteria_are_refused():
    assert "weights" in rules.weight_errors({**DEFAULT_WEIGHTS, "beauty": 0})
    missing = dict(DEFAULT_WEIGHTS)
    del missing["significance"]
    assert "weight_significance" in rules.weight_errors(missing)


def test_weighted_total_is_sum_of_weight_times_score_over_100():
    scores = dict.fromkeys(rules.CRITERION_CODES, 80)
    assert rules.weighted_total(DEFAULT_WEIGHTS, scores) == 80
    only_significance = {**dict.fromkeys(rules.CRITERION_CODES, 0), "significance": 100}
    assert rules.weighted_total(DEFAULT_WEIGHTS, only_significance) == 30


def test_scores_outside_0_to_100_are_refused_per_criterion():
    scores = {**dict.fromkeys(rules.CRITERION_CODES, 50), "novelty": 101, "resources": -1}
    assert set(rules.score_errors(scores)) == {"score_novelty", "score_resources"}


def test_presentation_combines_by_the_calls_weight():
    assert rules.combine(80, 60, 30) == 80 * 0.7 + 60 * 0.3
    assert rules.combine(80, 60, 0) == 80
    assert rules.combine(80, 60, 100) == 60
    assert rules.combine(80, None, 30) == 80


def test_mean_across_evaluators():
    assert rules.mean_or_none([70, 80, 90]) == 80
    assert rules.mean_or_none([]) is None


def test_ranking_orders_by_score():
    ranked = rules.rank([entry(1, 70), entry(2, 90), entry(3, 80)])
    assert [(place, e.key) for place, e in ranked] == [(1, 2), (2, 3), (3, 1)]


def test_tie_broken_by_higher_significance_first():
    ranked = rules.rank([entry(1, 80, significance=60), entry(2, 80, significance=70)])
    assert [e.key for _p, e in ranked] == [2, 1]


def test_tie_on_significance_broken_by_novelty():
    ranked = rules.rank([entry(1, 80, 70, novelty=60), entry(2, 80, 70, novelty=65)])
    assert [e.key for _p, e in ranked] == [2, 1]


def test_full_tie_goes_to_the_earlier_submission():
    ranked = rules.rank([entry(1, 80, 70, 60, minutes=5), entry(2, 80, 70, 60, minutes=1)])
    assert [e.key for _p, e in ranked] == [2, 1]


def test_float_noise_does_not_decide_a_tie():
    # 0.1 + 0.2 != 0.3 in floating point; the rule must still see a tie on the score.
    ranked = rules.rank([entry(1, 0.1 + 0.2, significance=10), entry(2, 0.3, significance=20)])
    assert [e.key for _p, e in ranked] == [2, 1]


def test_top_n_takes_the_first_n_of_the_ranking():
    entries = [entry(i, score) for i, score in enumerate([50, 90, 70, 80])]
    assert [e.key for e in rules.top_n(entries, 2)] == [1, 3]
    assert len(rules.top_n(entries, 10)) == 4
    assert rules.top_n(entries, 0) == []
