"""The home page of each role: what that person comes to Pacte for, first."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from pacte.beneficiaries.enums import OPEN_RIGHT_STATES, RightState, SddCohort
from pacte.beneficiaries.models import Person
from pacte.offers.enums import SEAT_STATUSES, PrescriptionStatus
from pacte.offers.models import Prescription
from pacte.organizations import perms
from pacte.organizations.enums import SIAE_KINDS, OrganizationKind, Role
from pacte.organizations.models import Organization
from pacte.pact.enums import ReportStatus
from pacte.pact.models import Action, ActionReport, FollowUpTask
from pacte.pact.reports import WRITABLE
from pacte.pathways.queries import QUEUE_DEFINITION, STOCK_DEFINITION, caseload, orientation_counts
from pacte.territory.models import Departement
from pacte.web.charts import bar_chart

ROLE_ORDER = [
    Role.DIRECTION,
    Role.ORIENTATION_AGENT,
    Role.REFERENT,
    Role.PARTNER,
    Role.EMPLOYER_RELATIONS,
    Role.PACT_CONTRIBUTOR,
    Role.ANALYST,
    Role.BENEFICIARY,
]


def main_role(user):
    user_roles = perms.roles(user)
    for role in ROLE_ORDER:
        if role in user_roles:
            return role
    return None


def _people_summary(people):
    """The adults, those subject to rights and duties, the entrants and the stock, and the figures
    of the orientation queue and stock worklist (`queries.orientation_counts`, one definition)."""
    summary = people.adults().aggregate(
        total=Count("pk"),
        sdd=Count("pk", filter=Q(is_sdd=True, dossier__right_state__in=list(OPEN_RIGHT_STATES))),
        entrants=Count(
            "pk",
            filter=Q(
                is_sdd=True, sdd_cohort=SddCohort.ENTRANT, dossier__right_state__in=list(OPEN_RIGHT_STATES)
            ),
        ),
        stock=Count(
            "pk",
            filter=Q(
                is_sdd=True, sdd_cohort=SddCohort.STOCK, dossier__right_state__in=list(OPEN_RIGHT_STATES)
            ),
        ),
    )
    summary["to_orient"] = orientation_counts(people, today=timezone.localdate())
    summary["definitions"] = {"queue": QUEUE_DEFINITION, "stock": STOCK_DEFINITION}
    return summary


def _right_state_chart(people, title):
    counts = dict(
        people.adults()
        .order_by()
        .values_list("dossier__right_state")
        .annotate(n=Count("pk"))
        .values_list("dossier__right_state", "n")
    )
    rows = [(state.label, counts.get(state.value, 0)) for state in RightState if counts.get(state.value)]
    return bar_chart(title, rows)


def _departements(codes):
    return list(Departement.objects.filter(code__in=codes).order_by("code"))


def _direction(user):
    # The figures of the départements it directs, not of the persons another role lets it follow.
    codes = perms.departements_for(user, Role.DIRECTION)
    people = Person.objects.visible_to(user).filter(departement_code__in=codes)
    return {
        "reports_to_review": ActionReport.objects.reviewable_by(user)
        .filter(status=ReportStatus.SUBMITTED)
        .count(),
        "departements": _departements(codes),
        "people": _people_summary(people),
        "chart": _right_state_chart(people, "Adultes des foyers RSA selon l'état du droit"),
    }


def _orientation_agent(user):
    people = Person.objects.visible_to(user)
    territories = [org.territory for org in perms.organizations_for(user, Role.ORIENTATION_AGENT)]
    return {"people": _people_summary(people), "territories": [t for t in territories if t]}


def _referent(user):
    return {
        "caseload_count": caseload(user, user).count(),
        "organizations": perms.organizations_for(user, Role.REFERENT),
    }


def _partner(user):
    received = Prescription.objects.received_by(user).visible_to(user)
    to_answer = (PrescriptionStatus.SENT, PrescriptionStatus.WAITLISTED)
    return {
        "organizations": perms.organizations_for(user, Role.PARTNER),
        "people_count": Person.objects.visible_to(user).count(),
        "to_answer_count": received.filter(status__in=to_answer).count(),
        "in_action_count": received.filter(status__in=SEAT_STATUSES).count(),
    }


def _employer_relations(user):
    organizations = Organization.objects.visible_to(user).filter(is_active=True)
    return {
        "departements": _departements(perms.departements_for(user, Role.EMPLOYER_RELATIONS)),
        "employers": organizations.filter(kind=OrganizationKind.EMPLOYER).count(),
        "siae": organizations.filter(kind__in=list(SIAE_KINDS)).count(),
    }


def _analyst(user):
    # Aggregates only: counts per département, no row of anyone ever reaches the page.
    codes = perms.aggregates_for(user)
    people = Person.objects.filter(departement_code__in=codes)
    return {
        "departements": _departements(codes),
        "people": _people_summary(people),
        "chart": _right_state_chart(people, "Adultes des foyers RSA selon l'état du droit"),
    }


def _pact_contributor(user):
    actions = Action.objects.reported_by(user)
    return {
        "organizations": perms.organizations_for(user, Role.PACT_CONTRIBUTOR),
        "reported_action_count": actions.count(),
        "reports_to_write": ActionReport.objects.filter(action__in=actions, status__in=WRITABLE).count(),
    }


def _committee_tasks(user):
    """The owner's open follow-up tasks of the steering committees, late ones first."""
    today = timezone.localdate()
    tasks = list(FollowUpTask.objects.open_for(user).select_related("committee__pact"))
    for task in tasks:
        task.late = task.due_on is not None and task.due_on < today
    return tasks


def _superuser(user):
    return {
        "people": _people_summary(Person.objects.visible_to(user)),
        "departements": _departements(perms.departements_for(user)),
    }


CONTEXT_BY_ROLE = {
    Role.DIRECTION: _direction,
    Role.ORIENTATION_AGENT: _orientation_agent,
    Role.REFERENT: _referent,
    Role.PARTNER: _partner,
    Role.EMPLOYER_RELATIONS: _employer_relations,
    Role.PACT_CONTRIBUTOR: _pact_contributor,
    Role.ANALYST: _analyst,
}


@login_required
def home(request):
    user = request.user
    role = main_role(user)
    context = {
        "role": role,
        "role_label": Role(role).label if role else "",
        "memberships": perms.active_memberships(user),
    }
    if role == Role.BENEFICIARY:
        return redirect("portal:home")
    context["committee_tasks"] = _committee_tasks(user)
    if role is None:
        if perms.sees_everything(user):
            context.update(_superuser(user))
            return render(request, "web/home/superuser.html", context)
        return render(request, "web/home/no_role.html", context)
    context.update(CONTEXT_BY_ROLE[role](user))
    return render(request, f"web/home/{role}.html", context)
