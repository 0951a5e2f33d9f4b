"""The national orientation criteria (CNE): each cell of the decision table, the sentence saying
which criterion decided, the département's own rules on top, the barriers' levels kept from one
diagnostic version to the next, and a cohort proposed in a fixed number of reads."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways import national_criteria
from pacte.pathways.enums import BarrierLevel, NationalCriterion, RuleCondition, Track
from pacte.pathways.models import Diagnostic, Orientation
from pacte.pathways.rules import first_match, prepare_persons
from pacte.pathways.services import propose_orientations, record_diagnostic
from tests.factories import DossierFactory, PersonFactory, user_with_role
from tests.pathways.factories import FranceTravailFactory, MaisonDepartementFactory, RuleFactory, barrier

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)
STRONG, MEDIUM, NO_IMPACT = BarrierLevel.STRONG, BarrierLevel.MEDIUM, BarrierLevel.NO_IMPACT


def housing():
    return barrier("hebergement-precaire", "housing", "Hébergement précaire")


def mobility():
    return barrier("pas-de-permis", "mobility", "Pas de permis de conduire")


def diagnose(person, *, situation="job_seeker", last_end=None, projection="yes", education="4", levels=()):
    """Record a diagnostic; `levels` is [(barrier, level)]."""
    return record_diagnostic(
        actor=None,
        person=person,
        made_on=TODAY,
        professional_situation=situation,
        education_level=education,
        last_employment_end=last_end,
        job_projection=projection,
        barriers={item: "" for item, _ in levels},
        levels=dict(levels),
    )


def match_for(person, rules=()):
    return first_match(list(rules), prepare_persons(Person.objects.filter(pk=person.pk)).get(), TODAY)


MONTHS_AGO_23 = datetime.date(2023, 7, 15)
MONTHS_AGO_25 = datetime.date(2023, 5, 1)


@pytest.mark.parametrize(
    ("diagnostic", "levels", "criterion", "track"),
    [
        ({"situation": "employed", "projection": ""}, [], "activity_no_impact", Track.PROFESSIONAL),
        (
            {"last_end": MONTHS_AGO_23, "projection": "no"},
            [NO_IMPACT],
            "activity_no_impact",
            Track.PROFESSIONAL,
        ),
        ({"situation": "self_employed"}, [MEDIUM], "activity_with_barrier", Track.SOCIO_PROFESSIONAL),
        ({"last_end": MONTHS_AGO_23}, [STRONG], "activity_with_barrier", Track.SOCIO_PROFESSIONAL),
        ({"last_end": MONTHS_AGO_25}, [STRONG], "strong_barrier", Track.SOCIAL),
        ({"projection": "yes"}, [STRONG, MEDIUM], "strong_barrier", Track.SOCIAL),
        ({"projection": "no"}, [MEDIUM], "no_projection_with_barrier", Track.SOCIAL),
        ({"projection": "no"}, [NO_IMPACT], "no_projection", Track.SOCIO_PROFESSIONAL),
        ({"projection": "yes", "education": "3"}, [], "projection_qualified", Track.PROFESSIONAL),
        (
            {"projection": "yes", "last_end": MONTHS_AGO_25},
            [NO_IMPACT],
            "projection_qualified",
            Track.PROFESSIONAL,
        ),
        ({"projection": "yes", "education": "none"}, [], "project_to_build", Track.SOCIO_PROFESSIONAL),
        ({"projection": "with_support", "education": "7"}, [], "project_to_build", Track.SOCIO_PROFESSIONAL),
        ({"projection": "yes"}, [MEDIUM, NO_IMPACT], "projection_with_barrier", Track.SOCIO_PROFESSIONAL),
        ({"projection": "with_support"}, [MEDIUM], "projection_with_barrier", Track.SOCIO_PROFESSIONAL),
    ],
)
def test_each_cell_of_the_decision_table(diagnostic, levels, criterion, track):
    person = PersonFactory()
    diagnose(person, **diagnostic, levels=list(zip([housing(), mobility()], levels, strict=False)))
    match = match_for(person)
    assert (match.rule, match.criterion, match.track) == (None, criterion, track)
    expected_body = "france_travail" if track == Track.PROFESSIONAL else "departement"
    assert match.body_kind == expected_body


def test_the_criteria_do_not_guess_what_the_diagnostic_does_not_say():
    person = PersonFactory()
    assert match_for(person) is None  # no diagnostic
    diagnose(person, projection="", levels=[(housing(), MEDIUM)])
    assert match_for(person) is None  # no recent activity, projection not asked
    diagnose(person, projection="", levels=[(housing(), STRONG)])
    assert match_for(person).criterion == NationalCriterion.STRONG_BARRIER  # a strong barrier is enough


def test_the_sentence_says_which_criterion_decided():
    person = PersonFactory()
    diagnose(person, levels=[(housing(), STRONG), (mobility(), MEDIUM)])
    assert match_for(person).explanation == (
        "Critère national : frein fort « Logement : Hébergement précaire », sans activité professionnelle "
        "depuis 24 mois → parcours social vers Services du département."
    )
    diagnose(person, situation="employed", levels=[(housing(), MEDIUM), (mobility(), MEDIUM)])
    assert match_for(person).explanation == (
        "Critère national : activité professionnelle en cours ou dans les 24 derniers mois, freins modérés "
        "« Logement : Hébergement précaire », « Mobilité : Pas de permis de conduire » → parcours "
        "socioprofessionnel vers Services du département."
    )
    diagnose(person, projection="yes", education="5")
    assert match_for(person).explanation == (
        "Critère national : sans activité professionnelle depuis 24 mois, capacité à se projeter dans un "
        "emploi à court terme, formation qualifiante, sans frein ayant un impact → parcours professionnel "
        "vers France Travail."
    )


def test_a_health_barrier_is_never_named():
    person = PersonFactory()
    health = barrier()
    diagnose(
        person, levels=[(health, STRONG), (barrier("depression", "health", "Souffrance psychique"), STRONG)]
    )
    explanation = match_for(person).explanation
    assert explanation.startswith("Critère national : frein fort « Santé », sans activité")
    assert health.label not in explanation and "psychique" not in explanation


def test_the_departements_own_rules_run_first_and_its_fallback_last():
    homeless = RuleFactory(
        condition=RuleCondition.NO_FIXED_ADDRESS, track=Track.SOCIAL, body_kind="departement"
    )
    fallback = RuleFactory(
        condition=RuleCondition.ALWAYS, track=Track.SOCIO_PROFESSIONAL, body_kind="departement"
    )
    after = RuleFactory(condition=RuleCondition.FRANCE_TRAVAIL_REGISTERED)
    rules = [homeless, fallback, after]
    on_the_street = PersonFactory(dossier=DossierFactory(no_fixed_address=True))
    diagnose(on_the_street, situation="employed")
    assert match_for(on_the_street, rules).rule == homeless
    diagnosed = PersonFactory(france_travail_id="1234567A")
    diagnose(diagnosed, situation="employed")
    assert match_for(diagnosed, rules).criterion == NationalCriterion.ACTIVITY_NO_IMPACT
    # Without a diagnostic the criteria cannot judge: the département's fallback does.
    assert match_for(PersonFactory(), rules).rule == fallback
    # A fallback switched off leaves the criteria after every rule.
    fallback.is_active = False
    fallback.save()
    registered = PersonFactory(france_travail_id="7654321B")
    diagnose(registered, situation="employed", levels=[(housing(), STRONG)])
    assert match_for(registered, [homeless, after]).rule == after
    assert match_for(PersonFactory(), [homeless, after]) is None


def test_a_departement_without_rules_gets_the_national_criteria():
    ft, mdd = FranceTravailFactory(), MaisonDepartementFactory()
    working, housed_badly = PersonFactory(), PersonFactory()
    diagnose(working, situation="employed")
    diagnose(housed_badly, levels=[(housing(), STRONG)])
    no_diagnostic = PersonFactory()
    created = propose_orientations(actor=None, departement="87", persons=Person.objects.all(), on=TODAY)
    by_person = {o.person_id: o for o in created}
    assert set(by_person) == {working.pk, housed_badly.pk}
    assert no_diagnostic.pk not in by_person
    pro, social = by_person[working.pk], by_person[housed_badly.pk]
    assert (pro.track, pro.body, pro.rule, pro.national_criterion) == (
        Track.PROFESSIONAL,
        ft,
        None,
        "activity_no_impact",
    )
    assert (social.track, social.body_kind, social.body) == (
        Track.SOCIAL,
        OrientationBodyKind.DEPARTEMENT,
        mdd,
    )
    assert social.explanation.startswith("Critère national : frein fort « Logement : Hébergement précaire »")
    social.refresh_from_db()
    assert social.national_criterion == NationalCriterion.STRONG_BARRIER
    assert social.get_national_criterion_display() == "Frein fort, sans activité récente"
    # The hashed log keeps the criterion, never the sentence that names the person's barriers.
    entry = AuditEntry.objects.get(action="orientation.propose", object_id=str(social.uuid))
    assert entry.data["criterion"] == "strong_barrier" and entry.data["rule"] is None
    assert "explanation" not in entry.data and "Hébergement" not in str(entry.data)


def test_levels_are_recorded_and_health_ones_kept_across_versions():
    person = PersonFactory()
    health = barrier()
    first = diagnose(person, levels=[(health, STRONG), (housing(), NO_IMPACT)])
    assert {link.barrier_id: link.level for link in first.barrier_links.all()} == {
        health.code: STRONG,
        housing().code: NO_IMPACT,
    }
    # A writer without health access amends the diagnostic: the health barrier, level included, stays.
    second = record_diagnostic(
        actor=user_with_role("partner"),
        person=person,
        made_on=TODAY,
        professional_situation="job_seeker",
        education_level="4",
        job_projection="with_support",
        barriers={housing(): "", mobility(): ""},
        levels={housing(): MEDIUM},
    )
    assert {link.barrier_id: link.level for link in second.barrier_links.all()} == {
        health.code: STRONG,
        housing().code: MEDIUM,
        mobility().code: MEDIUM,  # no level given: medium
    }
    assert second.job_projection == "with_support"
    assert match_for(person).criterion == NationalCriterion.STRONG_BARRIER


def test_unknown_levels_and_projections_are_refused():
    person = PersonFactory()
    with pytest.raises(DomainError, match="Niveaux de frein inconnus : enorme"):
        diagnose(person, levels=[(housing(), "enorme")])
    with pytest.raises(DomainError, match="Capacité à se projeter inconnue"):
        diagnose(person, projection="peut-etre")
    assert not Diagnostic.objects.exists()


def _cohort(size):
    for index in range(size):
        person = PersonFactory()
        diagnose(
            person,
            situation="employed" if index % 2 else "inactive",
            levels=[(housing(), STRONG), (mobility(), MEDIUM)],
        )


def _propose_counting():
    with CaptureQueriesContext(connection) as captured:
        created = propose_orientations(actor=None, departement="87", persons=Person.objects.all(), on=TODAY)
    # The audit chain's head is read with each entry it appends: part of that entry's write.
    reads = [
        query
        for query in captured
        if query["sql"].lstrip().upper().startswith("SELECT") and '"audit_' not in query["sql"]
    ]
    return len(created), len(reads), len(captured)


def test_a_cohort_is_proposed_with_a_fixed_number_of_reads():
    FranceTravailFactory(), MaisonDepartementFactory()
    RuleFactory(condition=RuleCondition.NO_FIXED_ADDRESS)
    measures = []
    for size in (4, 8, 20):
        Orientation.objects.all().delete()
        _cohort(size - Person.objects.count())
        measures.append(_propose_counting())
    assert [created for created, _, _ in measures] == [4, 8, 20]
    assert len({reads for _, reads, _ in measures}) == 1
    # Only the writes grow, by the same number for each proposal (its row and its log entry).
    (_, _, q4), (_, _, q8), (_, _, q20) = measures
    assert (q8 - q4) / 4 == (q20 - q8) / 12


def test_every_criterion_has_its_track():
    assert set(national_criteria.OUTCOMES) == set(NationalCriterion.values)
