import datetime

import pytest

from pacte.beneficiaries.models import Person
from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.enums import OrientationStatus, RuleCondition, Track
from pacte.pathways.models import Orientation
from pacte.pathways.rules import first_match, prepare_persons
from pacte.pathways.services import propose_orientations, record_diagnostic
from tests.factories import DossierFactory, PersonFactory, UserFactory
from tests.pathways.factories import (
    FranceTravailFactory,
    MaisonDepartementFactory,
    OrientationFactory,
    RuleFactory,
    barrier,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)


def test_explain_is_a_french_sentence():
    rule = RuleFactory(
        position=1,
        label="Jeunes",
        condition=RuleCondition.AGE_RANGE,
        params={"min_age": 18, "max_age": 25},
        track=Track.SOCIO_PROFESSIONAL,
        body_kind=OrientationBodyKind.SPE_AUTRE,
    )
    assert rule.explain() == (
        "Règle n° 1 « Jeunes » : si la personne a entre 18 et 25 ans, orientation socioprofessionnelle "
        "vers Autre organisme du service public de l'emploi."
    )


def _match(rules, person):
    return first_match(rules, prepare_persons(Person.objects.filter(pk=person.pk)).get(), TODAY)


@pytest.mark.parametrize(
    ("condition", "params", "person_kwargs", "dossier_kwargs", "expected"),
    [
        (
            RuleCondition.AGE_RANGE,
            {"min_age": 18, "max_age": 25},
            {"birth_date": datetime.date(2002, 1, 1)},
            {},
            True,
        ),
        (
            RuleCondition.AGE_RANGE,
            {"min_age": 18, "max_age": 25},
            {"birth_date": datetime.date(1990, 1, 1)},
            {},
            False,
        ),
        (RuleCondition.LONE_PARENT, {}, {}, {"family_situation": "CEL", "children_count": 2}, True),
        (RuleCondition.LONE_PARENT, {}, {}, {"family_situation": "MAR", "children_count": 2}, False),
        (RuleCondition.LONE_PARENT, {}, {}, {"family_situation": "CEL", "children_count": 0}, False),
        (RuleCondition.NO_FIXED_ADDRESS, {}, {}, {"no_fixed_address": True}, True),
        (RuleCondition.NO_FIXED_ADDRESS, {}, {}, {}, False),
        (RuleCondition.FRANCE_TRAVAIL_REGISTERED, {}, {"france_travail_id": "1234567A"}, {}, True),
        (RuleCondition.FRANCE_TRAVAIL_REGISTERED, {}, {}, {}, False),
        (RuleCondition.ALWAYS, {}, {}, {}, True),
    ],
)
def test_conditions_on_the_caf_data(condition, params, person_kwargs, dossier_kwargs, expected):
    person = PersonFactory(dossier=DossierFactory(**dossier_kwargs), **person_kwargs)
    rule = RuleFactory(condition=condition, params=params)
    assert (_match([rule], person) is not None) is expected


def test_conditions_on_the_latest_diagnostic():
    person = PersonFactory()
    language = RuleFactory(condition=RuleCondition.LANGUAGE_BARRIER)
    recent = RuleFactory(condition=RuleCondition.RECENT_WORK, params={"months": 6})
    assert _match([language], person) is None
    record_diagnostic(
        actor=UserFactory(),
        person=person,
        made_on=TODAY,
        professional_situation="job_seeker",
        education_level="3",
        last_employment_end=datetime.date(2025, 2, 1),
        barriers={barrier("francais", "language", "Maîtrise du français"): ""},
    )
    assert _match([language], person).rule == language
    assert _match([recent], person).rule == recent
    record_diagnostic(
        actor=UserFactory(),
        person=person,
        made_on=TODAY,
        professional_situation="inactive",
        education_level="3",
        last_employment_end=datetime.date(2024, 1, 1),
    )
    # Neither rule holds any more: the national criteria, after them, propose (17 months of inactivity).
    fallback = _match([language, recent], person)
    assert fallback.rule is None and fallback.criterion == "activity_no_impact"


def test_first_matching_rule_in_order_wins():
    person = PersonFactory(france_travail_id="1234567A", birth_date=datetime.date(2003, 5, 1))
    young = RuleFactory(position=1, condition=RuleCondition.AGE_RANGE, params={"max_age": 25})
    registered = RuleFactory(position=2, condition=RuleCondition.FRANCE_TRAVAIL_REGISTERED)
    assert _match([young, registered], person).rule == young
    assert _match([registered, young], person).rule == registered


def test_propose_orientations_keeps_the_rule_and_its_explanation():
    ft = FranceTravailFactory()
    mdd = MaisonDepartementFactory()
    registered = RuleFactory(position=1, condition=RuleCondition.FRANCE_TRAVAIL_REGISTERED)
    social = RuleFactory(
        position=2,
        condition=RuleCondition.NO_FIXED_ADDRESS,
        track=Track.SOCIAL,
        body_kind=OrientationBodyKind.DEPARTEMENT,
    )
    RuleFactory(position=3, condition=RuleCondition.ALWAYS, is_active=False)
    registered_person = PersonFactory(france_travail_id="1234567A")
    homeless = PersonFactory(dossier=DossierFactory(no_fixed_address=True))
    nobody = PersonFactory()
    already = OrientationFactory(body=ft).person  # one France Travail body: the one expected below
    created = propose_orientations(
        actor=UserFactory(), departement="87", persons=Person.objects.all(), on=TODAY
    )
    by_person = {o.person_id: o for o in created}
    assert set(by_person) == {registered_person.pk, homeless.pk}
    assert by_person[registered_person.pk].rule == registered
    assert by_person[registered_person.pk].body == ft
    assert by_person[homeless.pk].body == mdd
    assert by_person[homeless.pk].explanation == social.explain()
    assert by_person[homeless.pk].status == OrientationStatus.PROPOSED
    assert not Orientation.objects.filter(
        person__in=[nobody, already], status=OrientationStatus.PROPOSED
    ).exists()
    again = propose_orientations(
        actor=UserFactory(), departement="87", persons=Person.objects.all(), on=TODAY
    )
    assert again == []
