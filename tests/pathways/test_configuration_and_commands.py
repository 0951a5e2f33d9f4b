import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.organizations.enums import Role
from pacte.pathways.enums import OrientationStatus, RuleCondition
from pacte.pathways.models import DiagnosticBarrier, Orientation, PreOrientationRule
from pacte.pathways.services import (
    cancel_appointment,
    create_rule,
    install_default_rules,
    record_diagnostic,
    reorder_rules,
    update_rule,
)
from tests.factories import DepartementFactory, PersonFactory, UserFactory, user_with_role
from tests.pathways.factories import (
    AppointmentFactory,
    FranceTravailFactory,
    MaisonDepartementFactory,
    barrier,
)

pytestmark = pytest.mark.django_db


def test_rules_are_created_last_checked_and_reordered():
    direction = UserFactory()
    young = create_rule(
        actor=direction,
        departement_code="87",
        label="Jeunes",
        condition=RuleCondition.AGE_RANGE,
        params={"max_age": 25},
        track="socioprofessionnelle",
        body_kind="spe_autre",
    )
    default = create_rule(
        actor=direction,
        departement_code="87",
        label="Par défaut",
        condition=RuleCondition.ALWAYS,
        track="professionnelle",
        body_kind="france_travail",
    )
    assert (young.position, default.position) == (1, 2)
    with pytest.raises(DomainError, match="âge minimum dépasse"):
        create_rule(
            actor=direction,
            departement_code="87",
            label="x",
            condition=RuleCondition.AGE_RANGE,
            params={"min_age": 30, "max_age": 20},
            track="sociale",
            body_kind="hors_spe",
        )
    with pytest.raises(DomainError, match="pas du type"):
        update_rule(actor=direction, rule=default, body=MaisonDepartementFactory())
    update_rule(actor=direction, rule=default, body=FranceTravailFactory(name="France Travail Limoges"))
    assert "vers France Travail Limoges" in default.explain()
    reorder_rules(actor=direction, departement_code="87", rules=[default, young])
    assert list(PreOrientationRule.objects.order_by("position").values_list("label", flat=True)) == [
        "Par défaut",
        "Jeunes",
    ]
    with pytest.raises(DomainError, match="chaque règle"):
        reorder_rules(actor=direction, departement_code="87", rules=[young])
    assert AuditEntry.objects.filter(action__startswith="preorientation_rule.").count() == 4


def test_propose_orientations_command(capsys):
    DepartementFactory(code="87")
    FranceTravailFactory()
    create_rule(
        actor=None,
        departement_code="87",
        label="Tous",
        condition=RuleCondition.ALWAYS,
        track="professionnelle",
        body_kind="france_travail",
    )
    PersonFactory()
    PersonFactory(is_sdd=False)
    call_command("propose-orientations", "--departement", "87", "--json")
    assert json.loads(capsys.readouterr().out) == {"departement": "87", "proposals": 1}
    assert Orientation.objects.filter(status=OrientationStatus.PROPOSED).count() == 1


def test_reminders_are_sent_once_to_persons_with_an_email(capsys):
    soon = timezone.now() + datetime.timedelta(hours=20)
    with_email = AppointmentFactory(
        person=PersonFactory(email="elodie@example.org"), starts_at=soon, kind="convocation"
    )
    AppointmentFactory(starts_at=soon)
    AppointmentFactory(
        person=PersonFactory(email="loin@example.org"), starts_at=soon + datetime.timedelta(days=5)
    )
    cancelled = AppointmentFactory(person=PersonFactory(email="annule@example.org"), starts_at=soon)
    cancel_appointment(actor=UserFactory(), appointment=cancelled, note="Report")
    call_command("send-appointment-reminders", "--json")
    assert json.loads(capsys.readouterr().out) == {"reminders": 1}
    assert [m.to for m in mail.outbox] == [["elodie@example.org"]]
    assert "Rappel de votre rendez-vous" in mail.outbox[0].subject and "convocation" in mail.outbox[0].body
    with_email.refresh_from_db()
    assert with_email.reminder_sent_at is not None
    call_command("send-appointment-reminders", "--json")
    assert json.loads(capsys.readouterr().out) == {"reminders": 0}


def test_default_rules_are_installed_once_and_explained():
    rules = install_default_rules(actor=None, departement_code="79")
    assert len(rules) == 8 and rules[-1].condition == RuleCondition.ALWAYS
    assert rules[1].explain() == (
        "Règle n° 2 « Moins de 26 ans » : si la personne a 25 ans ou moins, orientation socioprofessionnelle "
        "vers Autre organisme du service public de l'emploi."
    )
    assert install_default_rules(actor=None, departement_code="79") == rules


def test_health_barriers_are_hidden_from_roles_without_health_access():
    record_diagnostic(
        actor=None,
        person=PersonFactory(),
        made_on=datetime.date(2025, 4, 1),
        professional_situation="job_seeker",
        education_level="4",
        barriers={barrier(): "", barrier("sans-permis", "mobility", "Pas de permis"): ""},
    )
    assert DiagnosticBarrier.objects.readable_by(user_with_role(Role.REFERENT)).count() == 2
    partner_view = DiagnosticBarrier.objects.readable_by(user_with_role(Role.PARTNER))
    assert [link.barrier_id for link in partner_view] == ["sans-permis"]
