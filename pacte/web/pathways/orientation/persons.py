"""A person seen from orientation: their situation, the decision, the letter, a case for a team."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_read
from pacte.core.errors import DomainError
from pacte.organizations.models import Organization
from pacte.pathways import pdf, queries, services
from pacte.pathways.enums import OrientationStatus, ReorientationStatus
from pacte.pathways.models import Diagnostic, Orientation, ReorientationRequest, TeamCase, TeamSession
from pacte.pathways.services.web_orientation import record_letter_issued
from pacte.web.form_pages import add_domain_error
from pacte.web.pathways.orientation.common import person_for, render_page, require_orienting
from pacte.web.pathways.orientation.forms import DecisionForm, TeamCaseForm


def upcoming_sessions(person):
    since = timezone.localdate() - datetime.timedelta(days=31)
    return TeamSession.objects.filter(departement_code=person.departement_code, held_on__gte=since).order_by(
        "held_on", "id"
    )


def _context(request, person, case_form=None):
    today = timezone.localdate()
    in_queue = queries.orientation_queue(request.user, today=today).filter(pk=person.pk).first()
    deadline = queries.queue_deadline(in_queue) if in_queue else None
    return {
        "person": person,
        "in_queue": in_queue,
        "deadline": deadline,
        "days_left": (deadline - today).days if deadline else None,
        "days_late": (today - deadline).days if deadline else None,
        "orientations": Orientation.objects.filter(person=person)
        .select_related("body", "rule", "decided_by")
        .order_by("-created_at", "-id"),
        "diagnostic": Diagnostic.objects.filter(person=person).order_by("-version").first(),
        "reorientations": ReorientationRequest.objects.filter(
            person=person, status=ReorientationStatus.PENDING
        ).order_by("-requested_on", "-id"),
        "team_cases": TeamCase.objects.filter(person=person)
        .select_related("session")
        .order_by("-session__held_on", "-id"),
        "case_form": case_form or TeamCaseForm(sessions=upcoming_sessions(person)),
    }


@login_required
def person_orientation(request, uuid):
    require_orienting(request.user)
    person = person_for(request, uuid, audit_action="person.read.orientation")
    return render_page(request, "web/pathways/orientation/person.html", _context(request, person))


@login_required
def orientation_decision(request, uuid):
    require_orienting(request.user)
    person = person_for(request, uuid)
    bodies = Organization.objects.orientation_bodies(person.departement_code)
    form = DecisionForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            orientation = services.decide_orientation(
                actor=request.user,
                person=person,
                track=data["track"],
                body=data["body"],
                decision_date=data["decision_date"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Orientation enregistrée : {orientation} ({orientation.body}).")
            return redirect("web:orientation_person", uuid=person.uuid)
    kind = form["body_kind"].value()
    context = {
        "person": person,
        "form": form,
        "kind_bodies": Organization.objects.orientation_bodies(person.departement_code, kind)
        if kind
        else bodies,
    }
    return render_page(request, "web/pathways/orientation/decision.html", context)


@login_required
def body_options(request, uuid):
    """The `<option>`s of the organisations of one kind (htmx refresh of the decision form)."""
    require_orienting(request.user)
    person = person_for(request, uuid)
    kind = request.GET.get("body_kind", "")
    bodies = Organization.objects.orientation_bodies(person.departement_code, kind or None)
    return render(request, "web/pathways/orientation/_body_options.html", {"bodies": bodies})


@login_required
def orientation_letter(request, uuid):
    require_orienting(request.user)
    orientation = (
        Orientation.objects.filter(uuid=uuid, status=OrientationStatus.VALIDATED)
        .select_related("person", "person__dossier", "body")
        .first()
    )
    if orientation is None:
        raise Http404
    person_for(request, orientation.person.uuid)
    record_letter_issued(actor=request.user, orientation=orientation)
    log_read(request, orientation.person, action="person.read.orientation_letter")
    response = HttpResponse(pdf.orientation_letter(orientation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="decision-orientation-{orientation.uuid}.pdf"'
    return response


@login_required
@require_POST
def add_team_case(request, uuid):
    require_orienting(request.user)
    person = person_for(request, uuid)
    form = TeamCaseForm(request.POST, sessions=upcoming_sessions(person))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_team_case(
                actor=request.user,
                session=data["session"],
                person=person,
                kind=data["kind"],
                summary=data["summary"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Dossier inscrit à la séance du {data['session'].held_on:%d/%m/%Y}.")
            return redirect("web:orientation_person", uuid=person.uuid)
    return render_page(
        request, "web/pathways/orientation/person.html", _context(request, person, case_form=form)
    )
