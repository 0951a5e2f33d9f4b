"""The pact's computed indicators: each computation of the registry on hand-built data, the values
stored as computed, dated and traceable (what was read), entered values kept, the year checked,
the audit entry, and the `pacte compute-pact-indicators` command."""

import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.employment.models import Positioning
from pacte.evaluation import engine, pact_indicators
from pacte.evaluation.pact_indicators import Context, compute_pact, evaluate
from pacte.organizations.enums import OrientationBodyKind
from pacte.pact.enums import ValueSource
from pacte.pact.loader import SEED_FILES, load_pact, seed_path
from pacte.pact.models import IndicatorValue, Pact, PactIndicator
from pacte.pathways.enums import OrientationOrigin, OrientationStatus, Track
from pacte.pathways.models import Orientation
from tests.employment.factories import JobOfferFactory
from tests.employment.placement_factories import ClauseHoursFactory, SocialClauseFactory, employer_in
from tests.evaluation.cohort import kept
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    RightHistoryFactory,
)
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pact.factories import IndicatorFactory, PactFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)


@pytest.fixture
def pact():
    departement = DepartementFactory(code="87", name="Haute-Vienne")
    return PactFactory(departement=departement, slug="pacte-87", start_year=2022, end_year=2025)


@pytest.fixture
def offer(pact):
    organization = OrganizationFactory(departement=pact.departement)
    return OfferFactory(organization=organization, departement_code="87", capacity=10)


def _prescriptions(offer, sent_on, statuses):
    for status in statuses:
        PrescriptionFactory(
            offer=offer, person=PersonFactory(), sent_on=sent_on, status=status, departement_code="87"
        )


def test_prescriptions_sent_counts_the_year_of_the_departement_up_to_the_reference_date(offer):
    _prescriptions(offer, datetime.date(2024, 3, 1), ["sent", "accepted", "refused"])
    _prescriptions(offer, datetime.date(2023, 12, 31), ["accepted"])
    _prescriptions(offer, datetime.date(2024, 12, 31), ["started"])
    other = OfferFactory(organization=OrganizationFactory(departement=DepartementFactory(code="79")))
    PrescriptionFactory(offer=other, sent_on=datetime.date(2024, 3, 1), departement_code="79")

    result = evaluate("prescriptions_sent", Context("87", 2024, datetime.date(2024, 12, 31)))
    assert result.value == Decimal(4)
    assert result.details["by_status"] == {"accepted": 1, "refused": 1, "sent": 1, "started": 1}
    assert result.details["parameters"] == {"departement": "87", "year": 2024, "at": "2024-12-31"}
    assert result.details["computation"] == "prescriptions_sent"
    assert evaluate("prescriptions_sent", Context("87", 2024, datetime.date(2024, 6, 30))).value == 3


def test_the_acceptance_rate_counts_only_answered_prescriptions(offer):
    _prescriptions(offer, datetime.date(2024, 3, 1), ["sent", "accepted", "started", "refused", "cancelled"])
    result = evaluate("prescriptions_acceptance_rate", Context("87", 2024, datetime.date(2024, 12, 31)))
    # Answered: accepted, started, refused; accepted among them: accepted, started.
    assert (result.details["numerator"], result.details["denominator"]) == (2, 3)
    assert result.value == Decimal("66.7")


def test_an_empty_population_gives_no_value_and_says_why(pact):
    result = evaluate("prescriptions_acceptance_rate", Context("87", 2024, datetime.date(2024, 12, 31)))
    assert result.value is None and "population vide" in result.reason


def test_entries_into_actions_are_dated_by_their_start(offer):
    PrescriptionFactory(
        offer=offer,
        sent_on=datetime.date(2023, 11, 2),
        started_on=datetime.date(2024, 1, 8),
        status="started",
    )
    PrescriptionFactory(offer=offer, sent_on=datetime.date(2024, 2, 2), started_on=None, status="accepted")
    assert evaluate("prescriptions_started", Context("87", 2024, datetime.date(2024, 12, 31))).value == 1


def test_the_fill_rate_is_a_state_of_today_and_not_rebuilt_for_a_past_year(offer):
    _prescriptions(offer, datetime.date(2025, 5, 1), ["accepted", "started", "started", "waitlisted", "sent"])
    result = evaluate("offer_fill_rate", Context("87", 2025, TODAY, today=TODAY))
    assert result.value == Decimal("30.0")
    assert (result.details["numerator"], result.details["denominator"]) == (3, 10)
    assert result.details["waiting_list"] == 1
    past = evaluate("offer_fill_rate", Context("87", 2024, datetime.date(2024, 12, 31), today=TODAY))
    assert past.value is None and "année révolue" in past.reason


def test_an_unknown_computation_is_none():
    assert evaluate("pas-un-calcul", Context("87", 2024, datetime.date(2024, 12, 31))) is None


def test_every_computation_has_a_french_label_and_says_what_it_reads():
    for key, label in pact_indicators.choices():
        computation = pact_indicators.REGISTRY[key]
        assert label and computation.reads and computation.unit


def test_compute_pact_stores_dated_traceable_values_and_keeps_entered_ones(pact, offer):
    _prescriptions(offer, datetime.date(2024, 3, 1), ["accepted", "refused"])
    sent = IndicatorFactory(pact=pact, code="prescriptions", computation="prescriptions_sent")
    rate = IndicatorFactory(pact=pact, code="acceptation", computation="prescriptions_acceptance_rate")
    entered = IndicatorFactory(pact=pact, code="entrees", computation="prescriptions_started")
    IndicatorValue.objects.create(
        indicator=entered, year=2024, value=7, dated=datetime.date(2025, 1, 5), source=ValueSource.ENTERED
    )
    unknown = IndicatorFactory(pact=pact, code="inconnu", computation="ancien-calcul")
    by_hand = IndicatorFactory(pact=pact, code="a-la-main", computation="")

    report = compute_pact(actor=None, pact=pact, year=2024, today=TODAY)

    value = sent.values.get(year=2024)
    assert value.value == 2 and value.source == ValueSource.COMPUTED and value.dated == TODAY
    assert value.details["n"] == 2 and value.details["parameters"]["at"] == "2024-12-31"
    assert "Calculé par Pacte" in value.note
    assert rate.values.get(year=2024).value == Decimal("50.0")
    assert entered.values.get(year=2024).value == 7  # entered by hand: kept
    assert not unknown.values.exists() and not by_hand.values.exists()
    assert report.as_dict() == {
        "pact": "pacte-87",
        "year": 2024,
        "at": "2024-12-31",
        "computed": [{"code": "acceptation", "value": "50.0"}, {"code": "prescriptions", "value": "2"}],
        "kept": [{"code": "entrees", "source": "Saisie"}],
        "empty": [],
        "unknown": [{"code": "inconnu", "computation": "ancien-calcul"}],
    }
    entry = AuditEntry.objects.get(action="pact.indicator.compute")
    assert entry.departement_code == "87" and entry.data["year"] == 2024


def test_computing_again_updates_the_computed_value(pact, offer):
    indicator = IndicatorFactory(pact=pact, code="prescriptions", computation="prescriptions_sent")
    _prescriptions(offer, datetime.date(2024, 3, 1), ["accepted"])
    compute_pact(actor=None, pact=pact, year=2024, today=TODAY)
    _prescriptions(offer, datetime.date(2024, 4, 1), ["refused"])
    compute_pact(actor=None, pact=pact, year=2024, today=datetime.date(2025, 7, 1))
    value = indicator.values.get(year=2024)
    assert value.value == 2 and value.dated == datetime.date(2025, 7, 1)


def test_the_running_year_is_computed_at_today(pact, offer):
    IndicatorFactory(pact=pact, code="prescriptions", computation="prescriptions_sent")
    report = compute_pact(actor=None, pact=pact, year=2025, today=TODAY)
    assert report.at == TODAY


@pytest.mark.parametrize(
    ("year", "message"),
    [(2021, "comprise dans la période du pacte (2022 à 2025)"), (2025, "n'a pas commencé")],
)
def test_a_year_outside_the_period_or_to_come_is_refused_and_writes_nothing(pact, year, message):
    IndicatorFactory(pact=pact, code="prescriptions", computation="prescriptions_sent")
    with pytest.raises(DomainError, match=re.escape(message)):
        compute_pact(actor=None, pact=pact, year=year, today=datetime.date(2024, 6, 1))
    assert (
        not IndicatorValue.objects.exists()
        and not AuditEntry.objects.filter(action="pact.indicator.compute").exists()
    )


def test_the_command_prints_the_json_report_and_its_progress_on_stderr(pact, offer):
    IndicatorFactory(pact=pact, code="prescriptions", computation="prescriptions_sent")
    _prescriptions(offer, datetime.date(2024, 3, 1), ["accepted"])
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "compute-pact-indicators", "--pact", "pacte-87", "--year", "2024", "--json", stdout=out, stderr=err
    )
    report = json.loads(out.getvalue())
    assert report["computed"] == [{"code": "prescriptions", "value": "1"}]
    call_command("compute-pact-indicators", "--pact", "pacte-87", "--year", "2024", stdout=out, stderr=err)
    assert "1 valeur(s) calculée(s)" in err.getvalue()


def test_the_command_refuses_an_unknown_pact_with_status_2(pact):
    with pytest.raises(CommandError, match="Pacte inconnu : « nulle-part »") as raised:
        call_command("compute-pact-indicators", "--pact", "nulle-part", "--year", "2024")
    assert raised.value.returncode == 2


def _oriented(demand, decided_on):
    person = PersonFactory(dossier=DossierFactory(departement_code="87", dtdemrsa=demand))
    RightHistoryFactory(person=person, dtref=demand, right_state="2", is_sdd=True)
    kept(
        Orientation,
        departement_code="87",
        person=person,
        track=Track.PROFESSIONAL,
        body_kind=OrientationBodyKind.DEPARTEMENT,
        status=OrientationStatus.VALIDATED,
        origin=OrientationOrigin.MANUAL,
        decision_date=decided_on,
    )
    return person


def test_the_orientation_delays_are_the_engine_s_figures(pact):
    _oriented(datetime.date(2024, 1, 10), datetime.date(2024, 1, 30))  # 20 days
    _oriented(datetime.date(2024, 1, 5), datetime.date(2024, 5, 20))  # 136 days
    context = Context("87", 2024, datetime.date(2024, 12, 31))
    within = evaluate("orientation_within_6_weeks", context)
    assert within.value == Decimal("50.0")
    assert (within.details["numerator"], within.details["denominator"], within.details["kind"]) == (
        1,
        2,
        "rate",
    )
    median = evaluate("median_orientation_delay_days", context)
    assert median.value == Decimal("78.0") and median.details["n"] == 2
    assert pact_indicators.REGISTRY["median_orientation_delay_days"].unit == "jours"
    assert evaluate("first_orientations", context).value == 2
    figures = engine.compute("87", 2024)["indicators"]
    for key, _label, _kind in engine.INDICATORS:
        result = evaluate(key, context)
        expected = figures[key]["value"]
        assert result.value == (None if expected is None else Decimal(str(expected))), key
    # The engine runs once for every computation of a context.
    assert list(context.cache) == ["engine"]


def _hire(on, programme="iae", status="hired"):
    offer = JobOfferFactory(employer=employer_in("87"))
    return Positioning.objects.create(
        departement_code="87",
        person=PersonFactory(),
        job_offer=offer,
        status=status,
        programme=programme,
        proposed_on=on - datetime.timedelta(days=20),
        hired_on=on if status == "hired" else None,
        contract_type="cdd" if status == "hired" else "",
    )


def test_recruitments_count_the_hires_of_the_year_by_programme(pact):
    _hire(datetime.date(2024, 3, 1))
    _hire(datetime.date(2024, 9, 1), programme="pec")
    _hire(datetime.date(2024, 10, 1), programme="pec")
    _hire(datetime.date(2023, 12, 31))
    _hire(datetime.date(2024, 3, 1), status="proposed")
    result = evaluate("recruitments", Context("87", 2024, datetime.date(2024, 12, 31)))
    assert result.value == 3 and result.details["by_programme"] == {"iae": 1, "pec": 2}


def test_clause_hours_sum_the_months_of_the_year(pact):
    clause = SocialClauseFactory(
        starts_on=datetime.date(2023, 11, 1), ends_on=datetime.date(2025, 3, 31), required_hours=1200
    )
    person = PersonFactory()
    for month, hours in (
        (datetime.date(2023, 12, 1), 50),
        (datetime.date(2024, 1, 1), 70),
        (datetime.date(2024, 2, 1), Decimal("35.5")),
    ):
        ClauseHoursFactory(clause=clause, person=person, month=month, hours=hours)
    ClauseHoursFactory(clause=SocialClauseFactory(departement_code="79"), month=datetime.date(2024, 1, 1))
    result = evaluate("social_clause_hours", Context("87", 2024, datetime.date(2024, 12, 31)))
    assert result.value == Decimal("105.5")
    assert result.details["persons"] == 1 and result.details["clauses_running"] == 1
    assert result.details["required_hours_of_running_clauses"] == 1200


def test_the_seed_pacts_name_only_known_computations_and_compute(pact):
    DepartementFactory(code="79")
    from_seeds = [load_pact(seed_path(name)) for name in SEED_FILES]
    assert all(report.created for report in from_seeds)
    computed = PactIndicator.objects.exclude(computation="")
    assert computed.count() == 10
    assert set(computed.values_list("computation", flat=True)) <= set(pact_indicators.REGISTRY)
    seeded = Pact.objects.get(slug="haute-vienne-2022-2025")
    report = compute_pact(actor=None, pact=seeded, year=2024, today=TODAY)
    # Nothing recorded in the 87 yet: the counts are 0, the rates and delays have no population.
    assert {item["code"] for item in report.computed} == {
        "prescriptions-offre-insertion",
        "recrutements",
        "heures-clauses-sociales",
    }
    assert len(report.empty) == 5 and report.unknown == []  # the ratings: fewer than five
