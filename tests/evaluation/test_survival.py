"""Our Kaplan-Meier estimator, median, numbers at risk and log-rank test against lifelines (a dev
dependency: the oracle, never used at run time) on the same data, to 1e-9."""

import math
import random

import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test
from scipy import stats

from pacte.evaluation import survival

TOLERANCE = 1e-9


def sample(seed, n, groups=4, horizon=900, ties=True):
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        group = rng.randrange(groups)
        duration = rng.expovariate(1 / (150 + 120 * group))
        duration = min(int(duration) if ties else duration, horizon)
        observed = duration < horizon and rng.random() < 0.75
        rows.append((duration, group, observed))
    return rows


DATASETS = [
    pytest.param(sample(1, 40), id="40-persons-ties"),
    pytest.param(sample(2, 400), id="400-persons-ties"),
    pytest.param(sample(3, 250, ties=False), id="250-persons-no-ties"),
    pytest.param(sample(4, 120, groups=2), id="two-groups"),
    pytest.param(sample(5, 300, groups=3, horizon=200), id="heavy-censoring"),
    pytest.param(
        [
            (5, 0, 1),
            (3, 0, 1),
            (9, 0, 1),
            (8, 0, 1),
            (7, 1, 1),
            (4, 1, 1),
            (4, 1, 0),
            (3, 1, 0),
            (2, 1, 1),
            (5, 2, 1),
            (6, 2, 1),
            (7, 2, 0),
        ],
        id="lifelines-docstring",
    ),
]


@pytest.mark.parametrize("rows", DATASETS)
def test_kaplan_meier_matches_lifelines(rows):
    durations = [row[0] for row in rows]
    observed = [row[2] for row in rows]
    fit = survival.kaplan_meier(durations, observed)
    oracle = KaplanMeierFitter().fit(durations, event_observed=observed)

    assert fit.timeline == pytest.approx(list(oracle.survival_function_.index), abs=0)
    assert len(fit.survival) == len(oracle.survival_function_)
    for ours, theirs in zip(fit.survival, oracle.survival_function_.iloc[:, 0], strict=True):
        assert abs(ours - theirs) <= TOLERANCE
    table = oracle.event_table
    assert fit.at_risk == [int(v) for v in table["at_risk"]]
    assert fit.events == [int(v) for v in table["observed"]]
    assert fit.censored == [int(v) for v in table["censored"]]
    expected_median = oracle.median_survival_time_
    if math.isinf(expected_median):
        assert fit.median is None
    else:
        assert fit.median == expected_median


@pytest.mark.parametrize("rows", DATASETS)
def test_logrank_matches_lifelines(rows):
    durations, groups, observed = zip(*rows, strict=True)
    ours = survival.logrank(durations, groups, observed)
    theirs = multivariate_logrank_test(list(durations), list(groups), list(observed))
    assert ours.df == len(set(groups)) - 1
    assert abs(ours.statistic - theirs.test_statistic) <= TOLERANCE * max(1, theirs.test_statistic)
    assert abs(ours.p_value - theirs.p_value) <= TOLERANCE


def test_kaplan_meier_by_hand():
    # 4 persons: exits on days 2 and 5, censored on days 3 and 8.
    fit = survival.kaplan_meier([2, 3, 5, 8], [True, False, True, False])
    assert fit.timeline == [0, 2, 3, 5, 8]
    assert fit.survival == pytest.approx([1, 0.75, 0.75, 0.375, 0.375])
    assert fit.at_risk == [4, 4, 3, 2, 1]
    assert fit.median == 5
    assert fit.survival_at(4) == pytest.approx(0.75)
    assert fit.at_risk_at(4) == 2
    assert fit.at_risk_at(9) == 0


def test_median_not_reached_is_none():
    fit = survival.kaplan_meier([10, 20, 30], [True, False, False])
    assert fit.median is None


def test_empty_fit():
    fit = survival.kaplan_meier([], [])
    assert fit.n == 0 and fit.timeline == [0] and fit.median is None


def test_logrank_needs_two_groups_and_events():
    assert survival.logrank([1, 2], ["a", "a"], [True, True]).statistic is None
    no_event = survival.logrank([1, 2, 3], ["a", "b", "a"], [False, False, False])
    assert no_event.statistic is None and no_event.p_value is None and no_event.df == 1


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 12])
@pytest.mark.parametrize("x", [0.0, 1e-6, 0.3, 1.0, 2.5, 3.84, 7.81, 15.0, 40.0, 120.0])
def test_chi2_sf_matches_scipy(x, df):
    assert abs(survival.chi2_sf(x, df) - stats.chi2.sf(x, df)) <= 1e-12
