"""The indicator engine on hand-built cohorts: every rule of reference/indicators.md, each
numerator and denominator computed by hand."""

from fractions import Fraction

import pytest

from pacte.evaluation import engine
from pacte.pathways.enums import ContractStatus, OrientationStatus
from tests.evaluation.cohort import CE, CER, DEP, FT, HORS, PPAE, SPE, D, contract, orient, person
from tests.factories import CommuneFactory, OrganizationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

CLOSED = ((D(2025, 3, 31), "2", True), (D(2025, 11, 30), "5", False))


def figures(departement="87", year=2025, at=None, **filters):
    return engine.compute(departement, year, at, **filters)["indicators"]


def counts(indicator):
    return indicator.get("numerator"), indicator.get("denominator", indicator.get("n")), indicator["value"]


def test_contract_shape_every_key_in_order():
    result = engine.compute("87", 2025)
    assert result["departement"] == "87"
    assert result["year"] == 2025
    assert result["at"] == "2025-12-31"
    assert list(result["indicators"]) == [key for key, _label, _kind in engine.INDICATORS]
    for key, _label, kind in engine.INDICATORS:
        expected = {"numerator", "denominator", "value"} if kind == engine.RATE else {"n", "value"}
        assert set(result["indicators"][key]) == expected


def test_empty_populations_give_null_values():
    for key, indicator in figures().items():
        assert indicator["value"] is None, key
        assert indicator.get("denominator", indicator.get("n")) == 0


def test_b1_counts_sdd_at_the_date_and_orientations_decided_by_then():
    oriented = person()
    orient(oriented, D(2025, 5, 2))
    later = person()
    orient(later, D(2026, 1, 5))  # decided after D: not oriented at D
    person()  # never oriented
    closed = person(history=CLOSED)  # out of rights and duties at D
    orient(closed, D(2025, 4, 1))
    person(history=((D(2026, 1, 31), "2", True),))  # enters after D
    person(history=((D(2025, 3, 31), "2", False),))  # open right, not subject
    proposed = person()
    orient(proposed, None, status=OrientationStatus.PROPOSED)
    person(adult=False)  # a child
    assert counts(figures()["B1"]) == (1, 4, 25.0)


def test_demand_bands_use_clamped_months():
    # D = 31 Dec 2025: D − 6 months = 30 Jun 2025, D − 12 months = 31 Dec 2024.
    for demand in (D(2025, 7, 1), D(2025, 6, 30), D(2025, 1, 1), D(2024, 12, 31)):
        orient(person(dtdemrsa=demand, history=((D(2025, 7, 31), "2", True),)), D(2025, 8, 1))
    person(dtdemrsa=D(2025, 6, 30), history=((D(2025, 7, 31), "2", True),))
    result = figures()
    assert counts(result["B2"]) == (1, 1, 100.0)
    assert counts(result["B3"]) == (2, 3, 66.7)
    assert counts(result["B4"]) == (1, 1, 100.0)


def test_demand_bands_at_a_date_clamped_to_february():
    # at = 31 Aug 2025: − 6 months = 28 Feb 2025 (clamped), − 12 months = 31 Aug 2024.
    history = ((D(2025, 3, 31), "2", True),)
    person(dtdemrsa=D(2025, 2, 28), history=history)
    person(dtdemrsa=D(2025, 3, 1), history=history)
    person(dtdemrsa=D(2024, 8, 31), history=history)
    result = figures(at=D(2025, 8, 31))
    assert counts(result["B2"]) == (0, 1, 0.0)
    assert counts(result["B3"]) == (0, 1, 0.0)
    assert counts(result["B4"]) == (0, 1, 0.0)


def test_state_at_the_date_is_the_latest_row_on_or_before_it():
    person(history=((D(2025, 3, 31), "2", True), (D(2025, 12, 31), "5", False)))  # closed on D itself
    person(history=((D(2025, 3, 31), "5", False), (D(2025, 12, 31), "3", True)))  # suspended, SDD on D
    person(history=((D(2025, 3, 31), "4", True), (D(2026, 1, 31), "5", False)))  # closed after D
    person(history=((D(2025, 3, 31), "0", True),))  # new demand: not an SDD state
    assert counts(figures()["B1"]) == (0, 2, 0.0)


def test_body_kinds_count_the_current_orientation_at_the_date():
    moved = person()
    orient(moved, D(2025, 2, 1), FT)
    orient(moved, D(2025, 6, 1), HORS)  # current at D
    orient(moved, D(2026, 2, 1), DEP)  # after D: not current yet
    orient(person(), D(2025, 3, 1), SPE)
    orient(person(), D(2025, 3, 1), DEP)
    orient(person(), D(2025, 3, 1), FT)
    result = figures()
    assert counts(result["B5"]) == (1, 4, 25.0)
    assert counts(result["B6"]) == (1, 4, 25.0)
    assert counts(result["B7"]) == (1, 4, 25.0)
    assert counts(result["B8"]) == (1, 4, 25.0)
    earlier = figures(at=D(2025, 4, 30))
    assert counts(earlier["B5"]) == (2, 4, 50.0)
    assert counts(earlier["B8"]) == (0, 4, 0.0)


def test_same_day_orientations_the_last_row_is_current_the_first_is_first():
    someone = person()
    orient(someone, D(2025, 5, 1), FT)
    orient(someone, D(2025, 5, 1), DEP)
    contract(someone, D(2025, 5, 10), CER)
    result = figures()
    assert counts(result["B7"]) == (1, 1, 100.0)
    assert counts(result["B11"]) == (1, 1, 100.0)
    assert counts(result["B14"])[1] == 0  # the first orientation is France Travail's


def test_contract_in_force_on_its_last_day():
    on_last_day = person()
    orient(on_last_day, D(2025, 3, 1), DEP)
    contract(on_last_day, D(2025, 3, 5), CER, end=D(2025, 12, 31))
    ended = person()
    orient(ended, D(2025, 3, 1), DEP)
    contract(ended, D(2025, 3, 5), CE, end=D(2025, 12, 30))
    ppae = person()
    orient(ppae, D(2025, 3, 1), SPE)
    contract(ppae, D(2025, 3, 5), PPAE)
    open_ended = person()
    orient(open_ended, D(2025, 3, 1), SPE)
    contract(open_ended, D(2025, 3, 5), CE, status=ContractStatus.RENEWED)
    draft = person()
    orient(draft, D(2025, 3, 1), HORS)
    contract(draft, None, CE, status=ContractStatus.DRAFT)
    future = person()
    orient(future, D(2025, 3, 1), HORS)
    contract(future, D(2026, 1, 2), CE)
    france_travail = person()
    orient(france_travail, D(2025, 3, 1), FT)
    contract(france_travail, D(2025, 3, 5), CE)
    result = figures()
    assert counts(result["B9"]) == (2, 6, 33.3)
    assert counts(result["B10"]) == (1, 2, 50.0)
    assert counts(result["B11"]) == (1, 2, 50.0)
    assert counts(result["B12"]) == (0, 2, 0.0)


def test_b13_needs_sdd_on_the_first_decision_date_and_counts_from_the_first_of_the_month():
    counted = person(dtdemrsa=D(2025, 3, 20))
    orient(counted, D(2025, 4, 10))  # from 1 March: 40 days; from the demand: 21
    on_the_day = person(dtdemrsa=D(2025, 4, 15), history=((D(2025, 4, 30), "2", True),))
    orient(on_the_day, D(2025, 4, 30))  # history row dated the decision day counts; 29 and 15 days
    not_yet = person(history=((D(2025, 3, 31), "2", False), (D(2025, 4, 30), "2", True)))
    orient(not_yet, D(2025, 4, 10))
    last_year = person(dtdemrsa=D(2024, 11, 1), history=((D(2024, 11, 30), "2", True),))
    orient(last_year, D(2024, 12, 20))
    orient(last_year, D(2025, 2, 1))  # not a first orientation
    result = figures()
    assert counts(result["B13"]) == (None, 2, 34.5)
    assert counts(result["median_orientation_delay_days"]) == (None, 2, 18.0)
    assert counts(result["orientation_within_6_weeks"]) == (2, 2, 100.0)
    # contract_within_1_month has no SDD condition: all three first orientations of 2025
    assert counts(result["contract_within_1_month"]) == (0, 3, 0.0)


def test_six_weeks_is_42_days_from_the_demand():
    orient(person(dtdemrsa=D(2025, 3, 1)), D(2025, 4, 12))  # 42 days
    orient(person(dtdemrsa=D(2025, 3, 1)), D(2025, 4, 13))  # 43 days
    orient(person(dtdemrsa=D(2025, 3, 1)), D(2025, 6, 1))  # 92 days
    result = figures()
    assert counts(result["orientation_within_6_weeks"]) == (1, 3, 33.3)
    assert counts(result["median_orientation_delay_days"]) == (None, 3, 43.0)
    assert counts(result["B13"]) == (None, 3, Fraction(42 + 43 + 92, 3).__round__(1))


def test_b14_first_engagement_contract_of_the_year_after_a_first_orientation_not_france_travail():
    counted = person()
    orient(counted, D(2025, 4, 1), DEP)
    contract(counted, D(2025, 4, 21), CER)  # 20 days
    contract(counted, D(2025, 9, 1), CE)
    ppae_first = person()
    orient(ppae_first, D(2025, 4, 1), SPE)
    contract(ppae_first, D(2025, 4, 5), PPAE)  # a PPAE is not an engagement contract
    contract(ppae_first, D(2025, 5, 1), CE)  # 30 days
    signed_before = person()
    orient(signed_before, D(2025, 4, 1), DEP)
    contract(signed_before, D(2025, 3, 25), CE)
    first_last_year = person(history=((D(2024, 10, 31), "2", True),))
    orient(first_last_year, D(2024, 10, 1), HORS)
    contract(first_last_year, D(2024, 12, 1), CE)
    contract(first_last_year, D(2025, 2, 1), CE)
    france_travail = person()
    orient(france_travail, D(2025, 4, 1), FT)
    orient(france_travail, D(2025, 5, 1), DEP)
    contract(france_travail, D(2025, 6, 1), CE)
    same_day = person()
    orient(same_day, D(2025, 6, 1), HORS)
    contract(same_day, D(2025, 6, 1), CE)  # 0 days
    assert counts(figures()["B14"]) == (None, 3, 16.7)


def test_contract_within_one_month_is_clamped_and_any_kind():
    clamped = person(dtdemrsa=D(2025, 1, 2), history=((D(2025, 1, 31), "2", True),))
    orient(clamped, D(2025, 1, 31))
    contract(clamped, D(2025, 2, 28), PPAE)  # 31 Jan + 1 month = 28 Feb
    too_late = person(dtdemrsa=D(2025, 1, 2), history=((D(2025, 1, 31), "2", True),))
    orient(too_late, D(2025, 1, 31))
    contract(too_late, D(2025, 3, 1), CE)
    before_then_within = person()
    orient(before_then_within, D(2025, 5, 10))
    contract(before_then_within, D(2025, 5, 1), CER)
    contract(before_then_within, D(2025, 5, 10), CE)  # the decision day itself
    draft_only = person()
    orient(draft_only, D(2025, 5, 10))
    contract(draft_only, None, CE, status=ContractStatus.DRAFT)
    assert counts(figures()["contract_within_1_month"]) == (2, 4, 50.0)


def test_a_person_in_two_departements_counts_in_each_with_its_own_rows():
    here = person()
    orient(here, D(2025, 4, 1), DEP)
    there = person(dep="79")  # the same person (same NIR) in Deux-Sèvres, not oriented there
    assert there.nir_hash == here.nir_hash
    contract(there, D(2025, 4, 5), CE)
    assert counts(figures("87")["B1"]) == (1, 1, 100.0)
    assert counts(figures("87")["B11"]) == (0, 1, 0.0)
    assert counts(figures("79")["B1"]) == (0, 1, 0.0)
    assert counts(figures("79")["B13"]) == (None, 0, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(25, 4), 6.3),
        (Fraction(1, 20), 0.1),
        (Fraction(-1, 20), -0.1),
        (Fraction(2, 3), 0.7),
        (0, 0.0),
    ],
)
def test_rounding_is_half_up_to_one_decimal(value, expected):
    assert engine.round_half_up(value) == expected


def test_rates_round_half_up_not_to_even():
    # 1 in 16 = 6.25 %: half-up gives 6.3 (round-half-even would give 6.2).
    orient(person(), D(2025, 4, 1), DEP)
    for _ in range(15):
        person()
    assert counts(figures()["B1"]) == (1, 16, 6.3)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    history = ((D(2025, 3, 1), "2", True),)
    orient(person(dtdemrsa=D(2025, 3, 1), history=history), D(2025, 3, 11))  # 10 days
    orient(person(dtdemrsa=D(2025, 3, 1), history=history), D(2025, 3, 16))  # 15 days
    assert counts(figures()["median_orientation_delay_days"]) == (None, 2, 12.5)


def test_filters_by_territory_and_body():
    north, south = TerritoryFactory(), TerritoryFactory()
    commune = CommuneFactory(territory=north)
    body = OrganizationFactory()
    orient(person(commune=commune, territory=south), D(2025, 4, 1), DEP, body=body)  # the commune decides
    person(territory=south)
    assert counts(figures(territory=north)["B1"]) == (1, 1, 100.0)
    assert counts(figures(territory=south)["B1"]) == (0, 1, 0.0)
    assert counts(figures(body=body)["B1"]) == (1, 1, 100.0)


def test_breakdown_by_territory_and_body():
    north = TerritoryFactory(name="Nord")
    body = OrganizationFactory(name="Maison du Nord")
    orient(person(territory=north), D(2025, 4, 1), DEP, body=body)
    person()
    by_territory = engine.breakdown("87", 2025, by="territory")
    assert [(row["key"], row["label"]) for row in by_territory] == [
        (north.code, "Nord"),
        ("", engine.NO_TERRITORY),
    ]
    assert counts(by_territory[0]["indicators"]["B1"]) == (1, 1, 100.0)
    assert counts(by_territory[1]["indicators"]["B1"]) == (0, 1, 0.0)
    by_body = engine.breakdown("87", 2025, by="body")
    assert [(row["key"], row["label"]) for row in by_body] == [
        (str(body.uuid), "Maison du Nord"),
        ("", engine.NO_BODY),
    ]


def test_breakdown_by_month_takes_each_month_end_and_the_month_flows():
    orient(person(dtdemrsa=D(2025, 3, 1)), D(2025, 4, 10))
    rows = engine.breakdown("87", 2025, by="month")
    assert [row["key"] for row in rows] == [f"2025-{m:02d}" for m in range(1, 13)]
    assert rows[3]["label"] == "avril 2025"
    assert counts(rows[2]["indicators"]["B1"]) == (0, 1, 0.0)  # 31 March
    assert counts(rows[3]["indicators"]["B1"]) == (1, 1, 100.0)  # 30 April
    assert counts(rows[3]["indicators"]["B13"]) == (None, 1, 40.0)
    assert counts(rows[4]["indicators"]["B13"]) == (None, 0, None)
    assert len(engine.breakdown("87", 2025, D(2025, 6, 15), by="month")) == 6


def test_breakdown_rejects_an_unknown_axis():
    with pytest.raises(ValueError, match="territory"):
        engine.breakdown("87", 2025, by="sex")


def _cohort(size):
    territories = [TerritoryFactory(), TerritoryFactory()]
    bodies = [OrganizationFactory(), OrganizationFactory()]
    for index in range(size):
        someone = person(territory=territories[index % 2])
        kind = [DEP, FT, SPE, HORS][index % 4]
        orient(someone, D(2025, 4, 1 + index % 20), kind, body=bodies[index % 2])
        contract(someone, D(2025, 4, 25), CE)


@pytest.mark.parametrize("size", [5, 50])
def test_three_queries_whatever_the_rows(size, django_assert_num_queries):
    """Two for the stock's groups (the rows settled at the date, the others), one for the flows."""
    _cohort(size)
    with django_assert_num_queries(3):
        result = figures()
    assert result["B1"]["denominator"] == size


@pytest.mark.parametrize("size", [5, 50])
def test_breakdown_queries_do_not_grow(size, django_assert_num_queries):
    _cohort(size)
    with django_assert_num_queries(4):  # the stock (two), the flows, the names
        engine.breakdown("87", 2025, by="territory")
    with django_assert_num_queries(4):
        engine.breakdown("87", 2025, by="body")
    with django_assert_num_queries(25):  # the year's flows, each month's stock (two)
        engine.breakdown("87", 2025, by="month")


@pytest.mark.parametrize("size", [5, 50])
def test_the_country_in_three_queries_with_each_departements_figures(size, django_assert_num_queries):
    _cohort(size)
    for index in range(size):
        someone = person(dep="79", dtdemrsa=D(2024, 1 + index % 12, 1))
        if index % 3:
            orient(someone, D(2025, 2, 1 + index % 20), FT)
    person(dep="2A")
    alone = engine.compute("87", 2025), engine.compute("79", 2025), engine.compute("2A", 2025)
    with django_assert_num_queries(3):
        country = engine.compute_country(["87", "79", "2A", "971"], 2025)
    assert (country["87"], country["79"], country["2A"]) == alone
    assert country["79"]["indicators"]["B1"]["denominator"] == size
    assert country["971"]["indicators"]["B1"] == {"numerator": 0, "denominator": 0, "value": None}
