"""The yearly action reports: only the action's reporters (pact contributors of its département)
write them, draft → submitted → validated or returned with a comment, every move audited; the
progress of the latest validated report is what the tree shows; who reads which report."""

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.organizations.enums import Role
from pacte.pact import reports
from pacte.pact.enums import ProgressStatus, ReportStatus
from pacte.pact.models import Action, ActionReport
from tests.factories import DepartementFactory, MembershipFactory, OrganizationFactory, user_with_role
from tests.pact.factories import ActionFactory, ObjectiveFactory, PactFactory, ThematicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    departement = DepartementFactory(code="87")
    council = OrganizationFactory(departement=departement, name="Conseil départemental 87")
    pilot = OrganizationFactory(departement=departement, name="Mission locale rurale")
    pact = PactFactory(departement=departement, start_year=2022, end_year=2025)
    action = ActionFactory(objective=ObjectiveFactory(thematic=ThematicFactory(pact=pact)), pilot=pilot)
    contributor = user_with_role(Role.PACT_CONTRIBUTOR, organization=pilot)
    direction = user_with_role(Role.DIRECTION, organization=council)
    reports.set_reporters(actor=direction, action=action, users=[contributor])
    return {
        "action": action,
        "contributor": contributor,
        "direction": direction,
        "pilot": pilot,
        "pact": pact,
    }


def _write(setting, **fields):
    values = {"progress_percent": 40, "advances": "Deux sessions tenues.", **fields}
    return reports.save_report(actor=setting["contributor"], action=setting["action"], year=2024, **values)


def test_a_reporter_writes_a_draft_then_submits_it(setting):
    report = _write(setting, values="35 personnes accompagnées", submit=False)
    assert report.status == ReportStatus.DRAFT and report.author == setting["contributor"]
    assert report.author_organization == setting["pilot"]
    report = _write(setting, progress_percent=55, submit=True)
    report.refresh_from_db()
    assert (report.status, report.progress_percent, report.values) == (ReportStatus.SUBMITTED, 55, "")
    assert report.submitted_at is not None
    assert ActionReport.objects.count() == 1
    assert list(AuditEntry.objects.filter(action__startswith="pact.report").order_by("id").values_list(
        "action", flat=True
    )) == ["pact.report.create", "pact.report.update", "pact.report.submit"]  # fmt: skip


def test_the_direction_validates_or_returns_with_a_comment(setting):
    report = _write(setting, submit=True)
    with pytest.raises(DomainError) as error:
        reports.review(actor=setting["direction"], report=report, validate=False, comment="  ")
    assert error.value.field == "comment"
    reports.review(actor=setting["direction"], report=report, validate=False, comment="Chiffrez les sorties.")
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.reviewed_by) == (
        ReportStatus.RETURNED,
        "Chiffrez les sorties.",
        setting["direction"],
    )
    # Returned: the reporter writes it again and submits it; the direction validates it.
    _write(setting, progress_percent=60, values="12 sorties en emploi", submit=True)
    report.refresh_from_db()
    reports.review(actor=setting["direction"], report=report, validate=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.VALIDATED
    with pytest.raises(DomainError) as error:
        _write(setting, progress_percent=90)
    assert "validé" in error.value.message
    report.refresh_from_db()
    assert report.progress_percent == 60
    with pytest.raises(TransitionError):
        reports.review(actor=setting["direction"], report=report, validate=True)


def test_only_the_reporters_write_and_only_the_direction_reviews(setting):
    other = user_with_role(Role.PACT_CONTRIBUTOR, organization=setting["pilot"])
    with pytest.raises(DomainError) as error:
        reports.save_report(actor=other, action=setting["action"], year=2024, progress_percent=10)
    assert error.value.code == "forbidden"
    report = _write(setting, submit=True)
    for actor in (
        setting["contributor"],
        user_with_role(Role.DIRECTION, departement=DepartementFactory(code="79")),
    ):
        with pytest.raises(DomainError) as error:
            reports.review(actor=actor, report=report, validate=True)
        assert error.value.code == "forbidden"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_reporter_who_loses_the_role_reports_no_more(setting):
    membership = setting["contributor"].memberships.get()
    membership.role = Role.PARTNER
    membership.save()
    setting["contributor"]._pacte_memberships = None
    assert not Action.objects.reported_by(setting["contributor"]).exists()
    with pytest.raises(DomainError):
        _write(setting)


def test_bad_input_is_refused_on_its_field_and_writes_nothing(setting):
    cases = [
        ({"progress_percent": None, "progress_status": ""}, "progress_percent"),
        ({"progress_percent": 120}, "progress_percent"),
        ({"progress_percent": "beaucoup"}, "progress_percent"),
        ({"progress_status": "presque"}, "progress_status"),
        ({"advances": "", "submit": True}, "advances"),
        ({"difficulties": "x" * 10_001}, "difficulties"),
    ]
    for fields, field in cases:
        with pytest.raises(DomainError) as error:
            _write(setting, **fields)
        assert error.value.field == field, fields
    with pytest.raises(DomainError) as error:
        reports.save_report(
            actor=setting["contributor"], action=setting["action"], year=2030, progress_percent=5
        )
    assert error.value.field == "year" and "2022 à 2025" in error.value.message
    assert not ActionReport.objects.exists()


def test_reporters_are_contributors_of_the_departement(setting):
    referent = user_with_role(Role.REFERENT, organization=setting["pilot"])
    elsewhere = user_with_role(Role.PACT_CONTRIBUTOR, departement=DepartementFactory(code="79"))
    for user in (referent, elsewhere):
        with pytest.raises(DomainError) as error:
            reports.set_reporters(actor=setting["direction"], action=setting["action"], users=[user])
        assert error.value.field == "reporters"
    assert list(setting["action"].reporters.all()) == [setting["contributor"]]


def test_a_status_alone_gives_the_progress_and_the_latest_validated_report_counts(setting):
    action, direction = setting["action"], setting["direction"]
    first = reports.save_report(
        actor=setting["contributor"],
        action=action,
        year=2023,
        progress_percent=30,
        advances="Lancée.",
        submit=True,
    )
    reports.review(actor=direction, report=first, validate=True)
    second = reports.save_report(
        actor=setting["contributor"], action=action, year=2024, progress_percent=None,
        progress_status=ProgressStatus.DONE, advances="Terminée.", submit=True,
    )  # fmt: skip
    assert reports.latest_progress([action]) == {action.pk: {"year": 2023, "percent": 30, "status": ""}}
    reports.review(actor=direction, report=second, validate=True)
    assert reports.latest_progress([action]) == {action.pk: {"year": 2024, "percent": None, "status": "done"}}


def test_who_reads_which_report(setting):
    action = setting["action"]
    draft = reports.save_report(actor=setting["contributor"], action=action, year=2023, progress_percent=10)
    validated = _write(setting, submit=True)
    reports.review(actor=setting["direction"], report=validated, validate=True)
    analyst = user_with_role(Role.ANALYST, organization=setting["pilot"])
    other_contributor = user_with_role(Role.PACT_CONTRIBUTOR, organization=setting["pilot"])
    deux_sevres = DepartementFactory(code="79")
    director_79 = user_with_role(Role.DIRECTION, departement=deux_sevres)
    expected = {
        setting["direction"]: {draft, validated},
        setting["contributor"]: {draft, validated},
        analyst: {validated},
        other_contributor: {validated},
        director_79: set(),
    }
    for user, visible in expected.items():
        assert set(ActionReport.objects.visible_to(user)) == visible, user
    # A second membership elsewhere opens nothing more.
    MembershipFactory(
        user=director_79, role=Role.ANALYST, organization=OrganizationFactory(departement=deux_sevres)
    )
    director_79._pacte_memberships = None
    assert not ActionReport.objects.visible_to(director_79).exists()
