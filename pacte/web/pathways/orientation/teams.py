"""Équipes pluridisciplinaires: sessions, the cases examined, their decisions, their documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.pathways import perms, services, team_pdf
from pacte.pathways.enums import TeamCaseStatus
from pacte.pathways.models import TeamCase, TeamSession
from pacte.web.form_pages import add_domain_error
from pacte.web.pathways.orientation.common import paginate, render_page, require_orienting
from pacte.web.pathways.orientation.forms import TeamDecisionForm, TeamSessionForm


def sessions_for(user):
    return TeamSession.objects.visible_to(user)


def cases_for(user):
    return TeamCase.objects.visible_to(user)


@login_required
def session_list(request):
    require_orienting(request.user)
    sessions = (
        sessions_for(request.user)
        .select_related("territory")
        .annotate(
            case_count=Count("cases", filter=Q(cases__in=cases_for(request.user).values("pk")), distinct=True)
        )
        .order_by("-held_on", "-id")
    )
    page, querystring = paginate(request, sessions)
    return render_page(
        request, "web/pathways/orientation/sessions.html", {"page": page, "querystring": querystring}
    )


@login_required
def session_create(request):
    require_orienting(request.user)
    codes = org_perms.departements_for(request.user, *perms.ORIENTING_ROLES)
    form = TeamSessionForm(
        request.POST or None,
        departements=codes,
        territories=org_perms.orienting_territories(request.user),
        initial={"departement": codes[0] if codes else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_team_session(
                actor=request.user,
                departement_code=data["departement"],
                held_on=data["held_on"],
                territory=data["territory"],
                place=data["place"],
                members=list(data["members"]),
                external_members=data["external_members"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{session} créée.")
            return redirect("web:orientation_session", uuid=session.uuid)
    return render_page(request, "web/pathways/orientation/session_form.html", {"form": form})


def _session_with_cases(request, uuid, action):
    """The session, its cases and members as `request.user` sees them; the read is audited."""
    require_orienting(request.user)
    session = get_object_or_404(sessions_for(request.user).select_related("territory"), uuid=uuid)
    cases = list(
        cases_for(request.user)
        .filter(session=session)
        .select_related("person", "person__dossier")
        .order_by("person__last_name", "person__first_name", "id")
    )
    members = session.members.order_by("last_name", "first_name", "id")
    log_list(
        request,
        action=action,
        persons=dict.fromkeys(case.person.uuid for case in cases),
        query={"session": str(session.uuid)},
        departement_code=session.departement_code,
    )
    return session, cases, members


def _pdf(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def session_detail(request, uuid):
    session, cases, members = _session_with_cases(request, uuid, "team.session.read")
    readable = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[case.person_id for case in cases])
        .values_list("pk", flat=True)
    )
    for case in cases:
        case.readable = case.person_id in readable
    context = {"session": session, "cases": cases, "members": members}
    return render_page(request, "web/pathways/orientation/session.html", context)


@login_required
def session_agenda(request, uuid):
    session, cases, members = _session_with_cases(request, uuid, "team.session.agenda")
    return _pdf(team_pdf.session_agenda(session, cases, members), f"ordre-du-jour-{session.held_on}.pdf")


@login_required
def session_minutes(request, uuid):
    session, cases, members = _session_with_cases(request, uuid, "team.session.minutes")
    return _pdf(team_pdf.session_minutes(session, cases, members), f"proces-verbal-{session.held_on}.pdf")


@login_required
def case_letter(request, uuid):
    """The letter of a decided case, for a user who may read the person."""
    require_orienting(request.user)
    cases = cases_for(request.user).filter(
        status=TeamCaseStatus.DECIDED, person__in=Person.objects.visible_to(request.user).values("pk")
    )
    case = get_object_or_404(
        cases.select_related("session", "session__territory", "person", "person__dossier"), uuid=uuid
    )
    log_read(request, case.person, action="person.read.team_letter")
    return _pdf(team_pdf.decision_letter(case), f"decision-equipe-{case.uuid}.pdf")


@login_required
def case_decide(request, uuid):
    require_orienting(request.user)
    case = get_object_or_404(cases_for(request.user).select_related("session", "person"), uuid=uuid)
    form = TeamDecisionForm(request.POST or None, kind=case.kind, held_on=case.session.held_on)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_team_case(
                actor=request.user,
                case=case,
                decision=data["decision"],
                note=data["note"],
                decided_at=data["decided_at"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Décision enregistrée pour {case.person}.")
            return redirect("web:orientation_session", uuid=case.session.uuid)
    return render_page(request, "web/pathways/orientation/case_decision.html", {"case": case, "form": form})
