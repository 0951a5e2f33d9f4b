"""The yearly action reports: who reports on an action (its reporters, named by the direction among
the pact contributors of the département), writing a report (draft, or returned and written again),
submitting it, and the direction's review (validated, or returned with a comment). Every state
moves through `REPORT_TRANSITIONS` and is audited."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership
from pacte.pact.enums import ProgressStatus, ReportStatus
from pacte.pact.models import Action, ActionReport

REPORT_TRANSITIONS = TransitionTable(
    "action_report",
    {
        ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
        ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
        ReportStatus.SUBMITTED: {ReportStatus.VALIDATED, ReportStatus.RETURNED},
    },
    labels=ReportStatus,
    actions={
        ReportStatus.SUBMITTED: "pact.report.submit",
        ReportStatus.VALIDATED: "pact.report.validate",
        ReportStatus.RETURNED: "pact.report.return",
    },
)
# The states in which its reporters may still change a report.
WRITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
TEXT_FIELDS = ("values", "advances", "difficulties", "next_steps")
MAX_TEXT = 10_000


def pact_of(action):
    return action.objective.thematic.pact


def contributors(departement_code):
    """The users who may report on the actions of a département's pacts: an active pact_contributor
    membership there."""
    memberships = Membership.objects.active().filter(
        role=Role.PACT_CONTRIBUTOR, organization__departement_id=departement_code
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__in=memberships)
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


def set_reporters(*, actor, action, users):
    """Name the users who write `action`'s reports: pact contributors of its département only."""
    users = list(users)
    allowed = set(contributors(pact_of(action).departement_id).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in users):
        raise DomainError(
            "Les rédacteurs sont des contributeurs du pacte de ce département.", field="reporters"
        )
    with transaction.atomic():
        action.reporters.set(users)
        log(actor=actor, action="pact.action.reporters", obj=action, data={"reporters": len(users)})
    return action


def reports_on(user, action):
    return Action.objects.reported_by(user).filter(pk=action.pk).exists()


def _year(action, year):
    pact = pact_of(action)
    if year is None or not pact.start_year <= int(year) <= pact.end_year:
        raise DomainError(
            f"Un bilan porte sur une année du pacte ({pact.start_year} à {pact.end_year}).", field="year"
        )
    return int(year)


def _progress(percent, status):
    if percent in (None, "") and not status:
        raise DomainError(
            "Indiquez l'avancement de l'action : un pourcentage ou un état.", field="progress_percent"
        )
    if percent not in (None, ""):
        try:
            percent = int(percent)
        except (TypeError, ValueError):
            raise DomainError(
                "L'avancement est un nombre entier de 0 à 100.", field="progress_percent"
            ) from None
        if not 0 <= percent <= 100:
            raise DomainError("L'avancement est compris entre 0 et 100 %.", field="progress_percent")
    else:
        percent = None
    if status and status not in ProgressStatus.values:
        raise DomainError("Choisissez un état d'avancement de la liste.", field="progress_status")
    return percent, status or ""


def _author_organization(user, departement_code):
    """The structure through which `user` contributes to the département's pact."""
    memberships = [
        m for m in perms.active_memberships(user) if m.organization.departement_id == departement_code
    ]
    memberships.sort(key=lambda m: (m.role != Role.PACT_CONTRIBUTOR, m.organization_id))
    return memberships[0].organization if memberships else None


def _clean(fields):
    percent, status = _progress(fields.get("progress_percent"), fields.get("progress_status"))
    clean = {"progress_percent": percent, "progress_status": status}
    for name in TEXT_FIELDS:
        value = (fields.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            raise DomainError(f"{MAX_TEXT} caractères au plus.", field=name)
        clean[name] = value
    return clean


def save_report(*, actor, action, year, submit=False, **fields):
    """Write the report of `action` for `year` (created at the first save): only one of its
    reporters, only while it is a draft or returned; `submit` sends it to the direction, which
    needs the advances written."""
    if not reports_on(actor, action):
        raise DomainError("Vous ne rédigez pas le bilan de cette action.", code="forbidden")
    year = _year(action, year)
    unknown = set(fields) - {"progress_percent", "progress_status", *TEXT_FIELDS}
    if unknown:
        raise DomainError(f"Champ inconnu : {', '.join(sorted(unknown))}.", field=sorted(unknown)[0])
    clean = _clean(fields)
    if submit and not clean["advances"]:
        raise DomainError("Décrivez les avancées de l'année avant de transmettre le bilan.", field="advances")
    with transaction.atomic():
        report, created = ActionReport.objects.select_for_update().get_or_create(
            action=action, year=year, defaults={"author": actor}
        )
        if report.status not in WRITABLE:
            raise DomainError(
                f"Ce bilan est « {report.get_status_display().lower()} » : il ne peut plus être modifié."
            )
        for name, value in clean.items():
            setattr(report, name, value)
        report.author = actor
        report.author_organization = _author_organization(actor, pact_of(action).departement_id)
        report.save()
        log(
            actor=actor,
            action="pact.report.create" if created else "pact.report.update",
            obj=report,
            data={"action": str(action.uuid), "year": year},
        )
        if submit:
            transition(
                report,
                ReportStatus.SUBMITTED,
                actor=actor,
                table=REPORT_TRANSITIONS,
                changes={"submitted_at": timezone.now()},
            )
    return report


def review(*, actor, report, validate, comment=""):
    """The direction validates a submitted report, or returns it with a comment saying what to add."""
    comment = (comment or "").strip()
    if not ActionReport.objects.reviewable_by(actor).filter(pk=report.pk).exists():
        raise DomainError("Seule la direction de ce département relit ses bilans.", code="forbidden")
    if not validate and not comment:
        raise DomainError("Dites ce qui manque au bilan pour le renvoyer.", field="comment")
    if len(comment) > MAX_TEXT:
        raise DomainError(f"{MAX_TEXT} caractères au plus.", field="comment")
    target = ReportStatus.VALIDATED if validate else ReportStatus.RETURNED
    changes = {"reviewed_by": actor, "reviewed_at": timezone.now(), "review_comment": comment}
    return transition(report, target, actor=actor, table=REPORT_TRANSITIONS, changes=changes)


def latest_progress(actions):
    """{action id: {"year", "percent", "status"} of its latest validated report} for `actions`
    (one query); an action without a validated report is absent."""
    progress = {}
    rows = (
        ActionReport.objects.filter(action__in=actions, status=ReportStatus.VALIDATED)
        .order_by("action_id", "-year")
        .values_list("action_id", "year", "progress_percent", "progress_status")
    )
    for action_id, year, percent, status in rows:
        if action_id in progress:
            continue
        progress[action_id] = {"year": year, "percent": percent, "status": status}
    return progress
