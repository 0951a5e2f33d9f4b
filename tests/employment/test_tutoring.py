import datetime

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.employment import tutoring as services
from pacte.employment.models import Tutoring, TutoringMeeting
from pacte.organizations.enums import Role
from tests.employment.placement_factories import TutoringFactory, TutoringMeetingFactory, employer_in
from tests.factories import MembershipFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _start(actor, person, **overrides):
    fields = {
        "employer": employer_in(person.departement_code, "Transports Vienne"),
        "job_title": " Conducteur livreur ",
        "tutor_name": "Marc Routier",
        "started_on": TODAY - datetime.timedelta(days=20),
        "planned_end_on": TODAY + datetime.timedelta(days=160),
    }
    fields.update(overrides)
    return services.start_tutoring(actor=actor, person=person, **fields)


def test_a_tutoring_starts_with_its_tutor_and_planned_end():
    person = PersonFactory()
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    tutoring = _start(actor, person)
    tutoring.refresh_from_db()
    assert tutoring.job_title == "Conducteur livreur" and tutoring.is_ongoing
    assert tutoring.departement_code == person.departement_code
    assert AuditEntry.objects.filter(action="tutoring.create").count() == 1


def test_the_tutor_name_defaults_to_the_tutor_account():
    person = PersonFactory()
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    tutor = MembershipFactory(role=Role.PARTNER).user
    tutoring = _start(actor, person, tutor_name="", tutor_user=tutor)
    assert tutoring.tutor_name == tutor.get_full_name()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"planned_end_on": TODAY - datetime.timedelta(days=30)}, "planned_end_on", "suit son début"),
        ({"planned_end_on": TODAY + datetime.timedelta(days=500)}, "planned_end_on", "un an au plus"),
        ({"job_title": ""}, "job_title", "poste"),
        ({"tutor_name": " "}, "tutor_name", "tuteur"),
        ({"employer": None}, "employer", "employeur"),
    ],
)
def test_a_bad_tutoring_is_refused_and_nothing_is_written(overrides, field, message):
    with pytest.raises(DomainError, match=message) as error:
        _start(MembershipFactory(role=Role.EMPLOYER_RELATIONS).user, PersonFactory(), **overrides)
    assert error.value.field == field
    assert not Tutoring.objects.exists()


def test_an_employer_of_another_departement_is_refused():
    with pytest.raises(DomainError, match="département de la personne"):
        _start(
            MembershipFactory(role=Role.EMPLOYER_RELATIONS).user, PersonFactory(), employer=employer_in("79")
        )


def test_meetings_are_dated_within_the_tutoring():
    tutoring = TutoringFactory()
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    with pytest.raises(DomainError, match="un point se tient ensuite") as error:
        services.add_meeting(
            actor=actor,
            tutoring=tutoring,
            held_on=tutoring.started_on - datetime.timedelta(days=1),
            notes="Point",
        )
    assert error.value.field == "held_on"
    with pytest.raises(DomainError, match="à venir"):
        services.add_meeting(
            actor=actor, tutoring=tutoring, held_on=TODAY + datetime.timedelta(days=1), notes="Point"
        )
    with pytest.raises(DomainError, match="Résumez"):
        services.add_meeting(actor=actor, tutoring=tutoring, held_on=TODAY, notes=" ")
    meeting = services.add_meeting(actor=actor, tutoring=tutoring, held_on=TODAY, notes="Horaires tenus.")
    assert meeting.departement_code == tutoring.departement_code and meeting.author == actor
    assert TutoringMeeting.objects.count() == 1
    assert AuditEntry.objects.filter(action="tutoring.meeting").count() == 1


def test_the_end_comes_after_the_last_meeting_and_only_once():
    tutoring = TutoringFactory()
    meeting = TutoringMeetingFactory(tutoring=tutoring, held_on=TODAY - datetime.timedelta(days=2))
    actor = MembershipFactory(role=Role.EMPLOYER_RELATIONS).user
    with pytest.raises(DomainError, match="la fin vient après"):
        services.end_tutoring(
            actor=actor,
            tutoring=tutoring,
            ended_on=meeting.held_on - datetime.timedelta(days=1),
            outcome="job_kept",
        )
    with pytest.raises(DomainError, match="issue") as error:
        services.end_tutoring(actor=actor, tutoring=tutoring, ended_on=TODAY, outcome="")
    assert error.value.field == "outcome"
    yesterday = TODAY - datetime.timedelta(days=1)
    services.end_tutoring(
        actor=actor, tutoring=tutoring, ended_on=yesterday, outcome="job_kept", notes="CDI signé."
    )
    tutoring.refresh_from_db()
    assert not tutoring.is_ongoing and tutoring.get_outcome_display() == "Emploi maintenu"
    with pytest.raises(DomainError, match="déjà pris fin"):
        services.end_tutoring(actor=actor, tutoring=tutoring, ended_on=TODAY, outcome="left")
    with pytest.raises(DomainError, match="a pris fin le"):
        services.add_meeting(actor=actor, tutoring=tutoring, held_on=TODAY, notes="Après la fin")
    services.add_meeting(
        actor=actor, tutoring=tutoring, held_on=TODAY - datetime.timedelta(days=1), notes="Oublié"
    )


def test_visibility_of_tutoring():
    assignment = ReferentAssignmentFactory()
    mine = TutoringFactory(person=assignment.person)
    other = TutoringFactory()
    in_79 = TutoringFactory(person=PersonFactory(dossier__departement_code="79"))
    officer_87 = MembershipFactory(role=Role.EMPLOYER_RELATIONS, organization__departement__code="87").user
    employer_member = MembershipFactory(role=Role.PARTNER, organization=other.employer.organization).user
    partner = MembershipFactory(role=Role.PARTNER, organization__departement__code="87").user

    def seen(user):
        return set(Tutoring.objects.visible_to(user).values_list("pk", flat=True))

    assert seen(officer_87) == {mine.pk, other.pk}
    assert seen(assignment.referent) == {mine.pk}
    assert set(Tutoring.objects.editable_by(assignment.referent)) == {mine}
    assert seen(employer_member) == {other.pk}
    assert seen(partner) == set()
    assert in_79.pk not in seen(officer_87) | seen(assignment.referent)
