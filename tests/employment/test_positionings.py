import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.core.privacy import undeclared_fields
from pacte.employment import positionings as services
from pacte.employment.models import InsertionPosition, JobOffer, Positioning
from pacte.organizations.enums import OrganizationKind, Role
from pacte.pathways.models import PathwayExit, ReferentAssignment
from pacte.pathways.services.employment_project import record_employment_project
from tests.employment.factories import EmployerProfileFactory, JobOfferFactory, RomeAppellationFactory
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
    user_with_role,
)
from tests.pathways.factories import ReferentAssignmentFactory, exit_reason

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def relations(db):
    return user_with_role(Role.EMPLOYER_RELATIONS, departement=DepartementFactory(code="87"))


@pytest.fixture
def person(db):
    territory = TerritoryFactory(name="Limoges Nord")
    commune = CommuneFactory(insee_code="87085", name="Limoges", territory=territory)
    return PersonFactory(dossier=DossierFactory(commune=commune, territory=territory))


@pytest.fixture
def offer(db):
    return JobOfferFactory(positions=1, opened_on=TODAY - 10 * DAY)


def _position(**fields):
    organization = OrganizationFactory(kind=OrganizationKind.SIAE_ACI, name="Chantier du Val")
    siae = EmployerProfileFactory(organization=organization, sector="N")
    appellation = RomeAppellationFactory()
    return InsertionPosition.objects.create(
        departement_code="87",
        employer=siae,
        rome=appellation.rome,
        appellation=appellation,
        positions=4,
        weekly_hours=26,
        **fields,
    )


def _interviewed(user, person, offer):
    positioning = services.propose(user, person, job_offer=offer)
    return services.record_interview(user, positioning, interview_on=TODAY)


def test_every_field_has_a_privacy_rule():
    assert undeclared_fields(Positioning) == []


def test_propose_creates_a_proposed_positioning_and_audits_it(relations, person, offer):
    positioning = services.propose(relations, person, job_offer=offer)
    assert (positioning.status, positioning.proposed_on, positioning.programme) == (
        "proposed",
        TODAY,
        "common_law",
    )
    assert positioning.departement_code == "87" and positioning.proposed_by == relations
    entry = AuditEntry.objects.filter(action="positioning.create").get()
    assert entry.data["person"] == str(person.uuid)


def test_a_positioning_may_be_recorded_on_a_past_day_never_a_future_one(relations, person, offer):
    past = TODAY - datetime.timedelta(days=40)
    with pytest.raises(DomainError, match="futur|avenir|venir"):
        services.propose(relations, person, job_offer=offer, proposed_on=TODAY + datetime.timedelta(days=1))
    positioning = services.propose(relations, person, job_offer=offer, proposed_on=past)
    assert positioning.proposed_on == past
    services.record_interview(relations, positioning, interview_on=past + datetime.timedelta(days=3))
    services.record_hire(
        relations, positioning, hired_on=past + datetime.timedelta(days=10), contract_type="cdi"
    )
    assert positioning.hired_on == past + datetime.timedelta(days=10)


def test_programme_follows_the_contract_or_the_siae(relations, person):
    pec = JobOfferFactory(contract_type="pec")
    assert services.propose(relations, person, job_offer=pec).programme == "pec"
    assert services.propose(relations, person, insertion_position=_position()).programme == "iae"
    other = PersonFactory()
    chosen = services.propose(relations, other, job_offer=pec, programme="social_clause")
    assert chosen.programme == "social_clause"
    with pytest.raises(DomainError, match="Dispositif inconnu"):
        services.propose(relations, PersonFactory(), job_offer=pec, programme="lottery")


def test_a_person_is_positioned_once_on_an_offer(relations, person, offer):
    services.propose(relations, person, job_offer=offer)
    with pytest.raises(DomainError, match="déjà positionnée sur cette offre"):
        services.propose(relations, person, job_offer=offer)
    assert Positioning.objects.count() == 1


def test_the_database_refuses_a_second_positioning_on_the_same_offer(relations, person, offer):
    first = services.propose(relations, person, job_offer=offer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Positioning.objects.create(
            departement_code="87", person=person, job_offer=offer, programme="iae", proposed_on=TODAY
        )
    services.record_not_retained(relations, first, reason="person_declined")
    again = services.propose(relations, person, job_offer=offer)
    assert again.status == "proposed"


def test_closed_or_filled_offers_and_closed_positions_refuse_positionings(relations, person):
    for status in ("filled", "closed"):
        offer = JobOfferFactory(status=status, closed_on=TODAY)
        with pytest.raises(DomainError, match="on ne peut plus y positionner"):
            services.propose(relations, person, job_offer=offer)
    with pytest.raises(DomainError, match="ne recrute plus"):
        services.propose(relations, person, insertion_position=_position(is_open=False))
    assert not Positioning.objects.exists()


def test_one_target_of_the_persons_departement(relations, person, offer):
    with pytest.raises(DomainError, match="et un seul"):
        services.propose(relations, person)
    with pytest.raises(DomainError, match="et un seul"):
        services.propose(relations, person, job_offer=offer, insertion_position=_position())
    person_79 = PersonFactory(dossier=DossierFactory(departement_code="79"))
    with pytest.raises(DomainError, match="même département"):
        services.propose(relations, person_79, job_offer=offer)


def test_forbidden_moves_are_refused_in_french(relations, person, offer):
    positioning = services.propose(relations, person, job_offer=offer)
    with pytest.raises(TransitionError, match="Passage impossible de « Proposé » à « Recruté »"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdi")
    services.record_not_retained(relations, positioning, reason="no_show")
    with pytest.raises(TransitionError, match="de « Non retenu » à « Entretien »"):
        services.record_interview(relations, positioning, interview_on=TODAY)
    positioning.refresh_from_db()
    assert positioning.status == "not_retained" and positioning.interview_on is None


def test_interview_dates_are_checked_and_may_move(relations, person, offer):
    positioning = services.propose(relations, person, job_offer=offer)
    with pytest.raises(DomainError, match="ne peut pas précéder le positionnement"):
        services.record_interview(relations, positioning, interview_on=TODAY - DAY)
    with pytest.raises(DomainError, match="doit être comprise entre"):
        services.record_interview(relations, positioning, interview_on=TODAY + 400 * DAY)
    services.record_interview(relations, positioning, interview_on=TODAY + 7 * DAY)
    services.record_interview(relations, positioning, interview_on=TODAY + 9 * DAY)
    positioning.refresh_from_db()
    assert (positioning.status, positioning.interview_on) == ("interview", TODAY + 9 * DAY)
    assert AuditEntry.objects.filter(action="positioning.interview").count() == 2


def test_hire_checks_the_contract(relations, person, offer):
    positioning = _interviewed(relations, person, offer)
    with pytest.raises(DomainError, match="type de contrat"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="bénévolat")
    with pytest.raises(DomainError, match="Un CDI n'a pas de durée"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdi", contract_months=6)
    with pytest.raises(DomainError, match="durée du contrat, en mois"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdd")
    with pytest.raises(DomainError, match="de 1 à 60 mois"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdd", contract_months=61)
    with pytest.raises(DomainError, match="dans le futur"):
        services.record_hire(relations, positioning, hired_on=TODAY + DAY, contract_type="cdi")
    positioning.refresh_from_db()
    assert positioning.status == "interview"
    assert not AuditEntry.objects.filter(action="positioning.hired").exists()


def test_a_cdi_hire_records_the_exit_to_employment_and_fills_the_offer(relations, person, offer):
    reason = exit_reason("emploi-cdi")
    assignment = ReferentAssignmentFactory(person=person, start_date=TODAY - 30 * DAY)
    waiting = services.propose(relations, PersonFactory(), job_offer=offer)
    positioning = _interviewed(relations, person, offer)
    services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdi")
    positioning.refresh_from_db()
    assert (positioning.status, positioning.contract_type, positioning.contract_months) == (
        "hired",
        "cdi",
        None,
    )
    exit_ = positioning.pathway_exit
    assert (exit_.kind, exit_.employment_contract_type, exit_.reason, exit_.exit_date) == (
        "employment",
        "cdi",
        reason,
        TODAY,
    )
    assert ReferentAssignment.objects.get(pk=assignment.pk).end_date == TODAY
    offer.refresh_from_db()
    assert (offer.status, offer.closed_on) == ("filled", TODAY)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.not_retained_reason) == ("not_retained", "offer_filled")


def test_a_long_cdd_exits_a_short_one_does_not(relations, person):
    exit_reason("emploi-cdd-6-mois", label="Emploi en CDD de 6 mois ou plus")
    offer = JobOfferFactory(positions=3, contract_type="cdd")
    short = _interviewed(relations, PersonFactory(), offer)
    services.record_hire(relations, short, hired_on=TODAY, contract_type="cdd", contract_months=3)
    assert Positioning.objects.get(pk=short.pk).pathway_exit is None
    long = _interviewed(relations, person, offer)
    services.record_hire(relations, long, hired_on=TODAY, contract_type="cdd", contract_months=6)
    exit_ = Positioning.objects.get(pk=long.pk).pathway_exit
    assert (exit_.employment_contract_type, exit_.reason.code) == ("cdd_long", "emploi-cdd-6-mois")
    offer.refresh_from_db()
    assert offer.status == "open"  # two hires for three positions


@pytest.mark.parametrize(
    ("contract_type", "months", "expected"),
    [
        ("cdi", None, ("cdi", "emploi-cdi")),
        ("cdd", 5, None),
        ("cdd", 12, ("cdd_long", "emploi-cdd-6-mois")),
        ("apprenticeship", 24, ("alternance", None)),
        ("professionalisation", 3, None),
        ("cddi", 12, None),
        ("pec", 12, None),
        ("interim", 6, None),
        ("seasonal", 6, None),
    ],
)
def test_which_contracts_end_the_pathway(contract_type, months, expected):
    assert services.exit_for(contract_type, months) == expected


def test_no_second_exit_when_the_pathway_already_ended(relations, person, offer):
    positioning = _interviewed(relations, person, offer)
    PathwayExit.objects.create(
        departement_code="87", person=person, kind="moved", exit_date=TODAY, recorded_by=relations
    )
    services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdi")
    assert Positioning.objects.get(pk=positioning.pk).pathway_exit is None
    assert PathwayExit.objects.filter(person=person).count() == 1


def test_a_hire_on_a_siae_position_leaves_it_open(relations, person):
    position = _position()
    positioning = services.propose(relations, person, insertion_position=position)
    services.record_interview(relations, positioning, interview_on=TODAY)
    services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cddi", contract_months=4)
    assert InsertionPosition.objects.get(pk=position.pk).is_open
    assert Positioning.objects.get(pk=positioning.pk).pathway_exit is None
    again = services.propose(relations, person, insertion_position=position)
    assert again.status == "proposed"


def test_not_retained_needs_a_known_reason_and_a_sensible_date(relations, person, offer):
    positioning = services.propose(relations, person, job_offer=offer)
    with pytest.raises(DomainError, match="Choisissez le motif"):
        services.record_not_retained(relations, positioning, reason="")
    with pytest.raises(DomainError, match="dans le futur"):
        services.record_not_retained(relations, positioning, reason="other", on=TODAY + DAY)
    services.record_not_retained(relations, positioning, reason="employer_choice", note="Trop loin")
    positioning.refresh_from_db()
    assert (positioning.status, positioning.not_retained_on, positioning.note) == (
        "not_retained",
        TODAY,
        "Trop loin",
    )


def test_the_hire_is_refused_when_the_offer_closed_meanwhile(relations, person, offer):
    positioning = _interviewed(relations, person, offer)
    JobOffer.objects.filter(pk=offer.pk).update(status="closed", closed_on=TODAY)
    with pytest.raises(DomainError, match="n'est plus ouverte"):
        services.record_hire(relations, positioning, hired_on=TODAY, contract_type="cdi")
    assert Positioning.objects.get(pk=positioning.pk).status == "interview"


def _hire(user, person, offer, contract="cdi", months=None):
    positioning = _interviewed(user, person, offer)
    return services.record_hire(
        user, positioning, hired_on=TODAY, contract_type=contract, contract_months=months
    )


def test_recruitments_by_sector_territory_and_programme(relations, person):
    industry = EmployerProfileFactory(sector="C")
    _hire(relations, person, JobOfferFactory(positions=2, employer=industry))
    _hire(
        relations,
        PersonFactory(),
        JobOfferFactory(positions=2, employer=industry, contract_type="pec"),
        "pec",
        9,
    )
    siae_hire = services.propose(relations, PersonFactory(), insertion_position=_position())
    services.record_interview(relations, siae_hire, interview_on=TODAY)
    services.record_hire(relations, siae_hire, hired_on=TODAY, contract_type="cddi", contract_months=4)
    services.propose(relations, PersonFactory(), job_offer=JobOfferFactory())  # not hired
    hired = Positioning.objects.all()
    assert services.recruitments(hired, by="sector") == [
        {"key": "C", "label": "Industrie manufacturière", "count": 2},
        {"key": "N", "label": "Activités de services administratifs et de soutien", "count": 1},
    ]
    territory = person.dossier.commune.territory
    assert services.recruitments(hired, by="territory") == [
        {"key": territory.pk, "label": "Limoges Nord", "count": 1},
        {"key": "", "label": "Territoire non renseigné", "count": 2},
    ]
    assert services.recruitments(hired, by="programme") == [
        {"key": "common_law", "label": "Emploi de droit commun", "count": 1},
        {"key": "iae", "label": "Insertion par l'activité économique (SIAE)", "count": 1},
        {"key": "pec", "label": "Parcours emploi compétences (PEC)", "count": 1},
    ]
    with pytest.raises(ValueError, match="Regroupement inconnu"):
        services.recruitments(hired, by="colour")


def test_employer_without_sector_is_grouped_last(relations, person):
    _hire(relations, person, JobOfferFactory(employer=EmployerProfileFactory(sector="")))
    assert services.recruitments(Positioning.objects.all(), by="sector") == [
        {"key": "", "label": "Secteur non renseigné", "count": 1}
    ]


def test_visibility_of_positionings(relations, person, offer):
    positioning = services.propose(relations, person, job_offer=offer)
    referent = ReferentAssignmentFactory(person=person).referent
    other_referent = user_with_role(Role.REFERENT)
    relations_79 = user_with_role(Role.EMPLOYER_RELATIONS, departement=DepartementFactory(code="79"))
    partner = user_with_role(Role.PARTNER)
    assert list(Positioning.objects.visible_to(relations)) == [positioning]
    assert list(Positioning.objects.visible_to(referent)) == [positioning]
    for user in (other_referent, relations_79, partner):
        assert not Positioning.objects.visible_to(user).exists()


def test_who_may_position_and_follow(relations, person, offer):
    assert not services.may_position(relations, person)  # no employment project: not in the matching
    record_employment_project(actor=None, person=person, romes=[offer.rome], mobility_radius_km=20)
    referent = ReferentAssignmentFactory(person=person).referent
    other_referent = user_with_role(Role.REFERENT)
    relations_79 = user_with_role(Role.EMPLOYER_RELATIONS, departement=DepartementFactory(code="79"))
    partner = user_with_role(Role.PARTNER)
    assert services.may_position(relations, person) and services.may_position(referent, person)
    for user in (other_referent, relations_79, partner):
        assert not services.may_position(user, person)
    positioning = services.propose(referent, person, job_offer=offer)
    assert services.can_follow(relations, positioning) and services.can_follow(referent, positioning)
    assert not services.can_follow(other_referent, positioning)
    assert not services.can_follow(relations_79, positioning)
