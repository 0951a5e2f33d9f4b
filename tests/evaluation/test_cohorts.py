"""Time in rights and duties by cohort of delay to the first orientation: who counts, from when to
when, in which cohort; the curves, medians and log-rank built on them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.evaluation import cohorts, survival
from pacte.pathways.enums import OrientationStatus
from tests.evaluation.builders import D, orient, person
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

AT = D(2025, 1, 1)


def only(rows):
    assert len(rows) == 1
    return rows[0]


def test_exit_observed_from_the_first_row_in_rights_and_duties():
    someone = person(D(2024, 1, 1), [(D(2024, 1, 31), "2"), (D(2024, 7, 31), "5")])
    orient(someone, D(2024, 1, 20))
    row = only(cohorts.observations("87", AT))
    assert (row.cohort, row.delay_days, row.duration_days, row.observed) == ("0-30", 19, 182, True)


def test_still_in_rights_and_duties_is_censored_at_the_reference_date():
    someone = person(D(2024, 1, 1), [(D(2024, 1, 31), "3"), (D(2024, 4, 30), "4"), (D(2025, 2, 28), "5")])
    orient(someone, D(2024, 2, 15))
    row = only(cohorts.observations("87", AT))
    assert (row.cohort, row.duration_days, row.observed) == ("31-60", (AT - D(2024, 1, 31)).days, False)


def test_subject_no_more_with_an_open_right_is_an_exit():
    someone = person(D(2024, 1, 1), [(D(2024, 1, 31), "2"), (D(2024, 3, 31), ("2", False))])
    orient(someone, D(2024, 1, 5))
    row = only(cohorts.observations("87", AT))
    assert (row.duration_days, row.observed) == (60, True)


def test_only_the_first_spell_counts():
    someone = person(D(2024, 1, 1), [(D(2024, 1, 31), "2"), (D(2024, 2, 29), "5"), (D(2024, 6, 30), "2")])
    orient(someone, D(2024, 1, 5))
    row = only(cohorts.observations("87", AT))
    assert (row.duration_days, row.observed) == (29, True)


def test_the_stock_is_dated_by_its_entry_date_not_its_first_file():
    someone = person(D(2023, 5, 1), [(D(2024, 1, 31), "2")], sdd_since=D(2023, 6, 1))
    orient(someone, D(2023, 9, 1))
    row = only(cohorts.observations("87", AT))
    assert (row.cohort, row.duration_days) == ("90+", (AT - D(2023, 6, 1)).days)


@pytest.mark.parametrize(
    ("delay", "cohort"),
    [
        (-3, "0-30"),
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "90+"),
        (400, "90+"),
    ],
)
def test_cohort_bounds(delay, cohort):
    assert cohorts.cohort_of(delay) == cohort


def test_who_is_left_out():
    in_scope = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")])
    orient(in_scope, D(2024, 3, 1))
    orient(in_scope, D(2024, 1, 10))  # the earliest decision is the first orientation
    not_oriented = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")])
    orient(not_oriented, None, status=OrientationStatus.PROPOSED)
    oriented_later = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")])
    orient(oriented_later, D(2025, 1, 2))
    never_subject = person(D(2024, 1, 1), [(D(2024, 1, 31), ("2", False))])
    orient(never_subject, D(2024, 2, 1))
    entered_later = person(D(2024, 1, 1), [(D(2025, 1, 31), "2")])
    orient(entered_later, D(2024, 2, 1))
    child = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")], is_adult=False, rsa_role="ENF")
    orient(child, D(2024, 2, 1))
    elsewhere = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")], departement="79")
    orient(elsewhere, D(2024, 2, 1))
    row = only(cohorts.observations("87", AT))
    assert row.delay_days == 9
    assert len(cohorts.observations("79", AT)) == 1


def test_territory_filter():
    north, south = TerritoryFactory(name="Nord"), TerritoryFactory(name="Sud")
    for territory, demand in ((north, D(2024, 1, 1)), (south, D(2023, 1, 1))):
        someone = person(demand, [(D(2024, 1, 31), "2")], territory=territory)
        orient(someone, D(2024, 2, 1))
    assert only(cohorts.observations("87", AT, territory=north)).cohort == "31-60"
    assert only(cohorts.observations("87", AT, territory=south)).cohort == "90+"


def build(count):
    for index in range(count):
        someone = person(D(2024, 1, 1), [(D(2024, 1, 31), "2"), (D(2024, 3 + index % 9, 1), "5")])
        orient(someone, D(2024, 1, 1 + index % 28))


@pytest.mark.parametrize("count", [5, 50])
def test_fixed_number_of_queries(count):
    build(count)
    with CaptureQueriesContext(connection) as queries:
        result = survival.delay_cohorts("87", AT)
    assert len(queries) == 2
    assert sum(cohort["n"] for cohort in result["cohorts"]) == count


def test_delay_cohorts_contract():
    demands = {
        "0-30": D(2024, 1, 20),
        "31-60": D(2023, 12, 20),
        "61-90": D(2023, 11, 20),
        "90+": D(2023, 6, 1),
    }
    exits = {"0-30": [2, 3, 4], "31-60": [4, 6, None], "61-90": [8, None, None], "90+": [None, None, 11]}
    for key, demand in demands.items():
        for month in exits[key]:
            history = [(D(2024, 1, 31), "2")] + ([(D(2024, month, 28), "5")] if month else [])
            orient(person(demand, history), D(2024, 2, 1))
    result = survival.delay_cohorts("87", AT)
    assert result["at"] == AT
    assert [c["key"] for c in result["cohorts"]] == ["0-30", "31-60", "61-90", "90+"]
    assert [c["label"] for c in result["cohorts"]] == [
        "0 à 30 jours",
        "31 à 60 jours",
        "61 à 90 jours",
        "plus de 90 jours",
    ]
    first = result["cohorts"][0]
    assert (first["n"], first["events"], first["censored"]) == (3, 3, 0)
    assert first["median_days"] == (D(2024, 3, 28) - D(2024, 1, 31)).days
    assert first["curve"][0] == (0, 1.0) and first["curve"][-1][1] == 0.0
    assert first["at_risk"][0] == (0, 3)
    assert result["cohorts"][2]["median_days"] is None  # two of three still in at the reference date
    assert result["cohorts"][1]["at_risk"][1] == (90, 1 + 1)  # day 90: the April exit is gone
    rows = cohorts.observations("87", AT)
    expected = survival.logrank(
        [r.duration_days for r in rows], [r.cohort for r in rows], [r.observed for r in rows]
    )
    assert result["logrank"] == {"statistic": expected.statistic, "df": 3, "p_value": expected.p_value}
    assert 0 < result["logrank"]["p_value"] < 1


def test_empty_departement():
    result = survival.delay_cohorts("87", AT)
    assert all(c["n"] == 0 and c["median_days"] is None and c["curve"] == [] for c in result["cohorts"])
    assert result["logrank"] == {"statistic": None, "df": 0, "p_value": None}
