"""Outcomes at 6 and 12 months after the first orientation, and the no-show rate of appointments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.evaluation.outcomes import no_shows, outcomes, rate
from pacte.pathways.enums import AppointmentStatus, ExitKind
from tests.evaluation.builders import D, appointment, exit_, orient, person
from tests.factories import OrganizationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

AT = D(2026, 6, 30)


def horizon(result, months):
    return next(h for h in result["horizons"] if h["months"] == months)


def test_rate_rounds_half_up_and_is_none_without_denominator():
    assert rate(1, 8) == {"numerator": 1, "denominator": 8, "value": 12.5}
    assert rate(1, 3)["value"] == 33.3
    assert rate(2, 3)["value"] == 66.7
    assert rate(1, 16)["value"] == 6.3  # 6.25 half-up
    assert rate(0, 0)["value"] is None


def test_out_of_rights_and_duties_at_the_horizon():
    left = person(D(2025, 1, 1), [(D(2025, 1, 31), "2"), (D(2025, 6, 30), "5")])
    orient(left, D(2025, 1, 31))  # +6 months = 31 July (clamped months), closed since 30 June
    stays = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")])
    orient(stays, D(2025, 2, 10))
    back = person(D(2025, 1, 1), [(D(2025, 1, 31), "2"), (D(2025, 4, 30), "5"), (D(2025, 11, 30), "2")])
    orient(back, D(2025, 3, 1))  # out at +6 (1 Sept), back in at +12 (1 March 2026)
    result = outcomes("87", 2025, AT)
    assert result["persons"] == 3
    assert horizon(result, 6)["out_of_sdd"] == {"numerator": 2, "denominator": 3, "value": 66.7}
    assert horizon(result, 12)["out_of_sdd"] == {"numerator": 1, "denominator": 3, "value": 33.3}


def test_exits_to_employment_or_training_within_the_horizon():
    hired = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")])
    orient(hired, D(2025, 1, 31))
    exit_(hired, ExitKind.EMPLOYMENT, D(2025, 7, 31))  # the horizon's last day is in
    trained_late = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")])
    orient(trained_late, D(2025, 2, 1))
    exit_(trained_late, ExitKind.TRAINING, D(2025, 10, 1))  # after 6 months, within 12
    before = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")])
    orient(before, D(2025, 3, 1))
    exit_(before, ExitKind.EMPLOYMENT, D(2025, 2, 1))  # before the orientation: not an outcome
    exit_(before, ExitKind.MOVED, D(2025, 4, 1))  # another kind of exit
    result = outcomes("87", 2025, AT)
    six, twelve = horizon(result, 6), horizon(result, 12)
    assert (six["employment"]["numerator"], six["training"]["numerator"]) == (1, 0)
    assert six["employment_or_training"] == {"numerator": 1, "denominator": 3, "value": 33.3}
    assert (twelve["employment"]["numerator"], twelve["training"]["numerator"]) == (1, 1)
    assert twelve["employment_or_training"]["numerator"] == 2


def test_population_is_the_first_orientations_of_the_year():
    earlier = person(D(2024, 1, 1), [(D(2024, 1, 31), "2")])
    orient(earlier, D(2024, 12, 31))
    orient(earlier, D(2025, 3, 1))  # a reorientation: the first one was in 2024
    elsewhere = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")], departement="79")
    orient(elsewhere, D(2025, 3, 1))
    child = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")], is_adult=False, rsa_role="ENF")
    orient(child, D(2025, 3, 1))
    assert outcomes("87", 2025, AT)["persons"] == 0
    assert outcomes("87", 2024, AT)["persons"] == 1
    assert outcomes("79", 2025, AT)["persons"] == 1


def test_a_horizon_not_reached_is_pending():
    recent = person(D(2025, 1, 1), [(D(2025, 1, 31), "2")])
    orient(recent, D(2025, 12, 1))
    result = outcomes("87", 2025, D(2026, 8, 1))
    assert (horizon(result, 6)["observed"], horizon(result, 6)["pending"]) == (1, 0)
    assert (horizon(result, 12)["observed"], horizon(result, 12)["pending"]) == (0, 1)
    assert horizon(result, 12)["out_of_sdd"]["value"] is None


def test_territory_filter():
    north = TerritoryFactory(name="Nord")
    orient(person(D(2025, 1, 1), [(D(2025, 1, 31), "2")], territory=north), D(2025, 2, 1))
    orient(person(D(2025, 1, 1), [(D(2025, 1, 31), "2")]), D(2025, 2, 1))
    assert outcomes("87", 2025, AT, territory=north)["persons"] == 1


@pytest.mark.parametrize("count", [5, 50])
def test_outcomes_fixed_number_of_queries(count):
    for index in range(count):
        someone = person(D(2025, 1, 1), [(D(2025, 1, 31), "2"), (D(2025, 2 + index % 10, 1), "5")])
        orient(someone, D(2025, 1 + index % 12, 1))
        exit_(someone, ExitKind.EMPLOYMENT, D(2025, 12, 1))
    with CaptureQueriesContext(connection) as queries:
        result = outcomes("87", 2025, AT)
    assert len(queries) == 3
    assert result["persons"] == count


def test_no_shows_by_month_and_territory():
    north, south = TerritoryFactory(name="Nord"), TerritoryFactory(name="Sud")
    office = OrganizationFactory()
    a = person(D(2025, 1, 1), territory=north)
    b = person(D(2025, 1, 1), territory=south)
    c = person(D(2025, 1, 1))
    appointment(a, office, D(2025, 3, 3), AppointmentStatus.SEEN)
    appointment(a, office, D(2025, 3, 10), AppointmentStatus.ABSENT)
    appointment(b, office, D(2025, 3, 12), AppointmentStatus.EXCUSED)
    appointment(b, office, D(2025, 4, 1), AppointmentStatus.ABSENT)
    appointment(c, office, D(2025, 4, 2), AppointmentStatus.SEEN)
    appointment(c, office, D(2025, 4, 3), AppointmentStatus.SCHEDULED)  # not recorded
    appointment(c, office, D(2025, 4, 4), AppointmentStatus.CANCELLED)  # not recorded
    appointment(c, office, D(2024, 4, 4), AppointmentStatus.ABSENT)  # another year
    appointment(c, office, D(2025, 12, 31), AppointmentStatus.ABSENT, hour=23)  # 31 Dec in Paris
    elsewhere = person(D(2025, 1, 1), departement="79")
    appointment(elsewhere, OrganizationFactory(), D(2025, 3, 3), AppointmentStatus.ABSENT)
    result = no_shows("87", 2025)
    march, april, december = result["by_month"][2], result["by_month"][3], result["by_month"][11]
    assert (march["label"], march["recorded"], march["absent"], march["excused"]) == ("mars 2025", 3, 1, 1)
    assert march["rate"]["value"] == 33.3
    assert (april["recorded"], april["absent"], april["rate"]["value"]) == (2, 1, 50.0)
    assert december["absent"] == 1
    assert result["by_month"][0]["rate"]["value"] is None
    assert [row["label"] for row in result["by_territory"]] == ["Nord", "Sud", "Sans territoire"]
    assert [row["rate"]["value"] for row in result["by_territory"]] == [50.0, 50.0, 50.0]
    assert result["total"]["rate"] == {"numerator": 3, "denominator": 6, "value": 50.0}
    only_north = no_shows("87", 2025, territory=north)
    assert only_north["total"]["recorded"] == 2


@pytest.mark.parametrize("count", [5, 50])
def test_no_shows_fixed_number_of_queries(count):
    office = OrganizationFactory()
    for index in range(count):
        someone = person(D(2025, 1, 1), territory=TerritoryFactory(name=f"T{index % 7}"))
        appointment(someone, office, D(2025, 1 + index % 12, 5), AppointmentStatus.ABSENT)
    with CaptureQueriesContext(connection) as queries:
        result = no_shows("87", 2025)
    assert len(queries) == 2
    assert result["total"]["absent"] == count
