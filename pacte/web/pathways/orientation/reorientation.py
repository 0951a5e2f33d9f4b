"""The inbox of reorientation requests sent by référents, decided by the orientation agent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from pacte.audit.services import log_list
from pacte.core.errors import DomainError
from pacte.organizations.models import Organization
from pacte.pathways import services
from pacte.pathways.enums import ReorientationStatus
from pacte.pathways.models import ReorientationRequest
from pacte.web.form_pages import add_domain_error
from pacte.web.pathways.orientation.common import paginate, render_page, require_orienting
from pacte.web.pathways.orientation.forms import ReorientationDecisionForm


def pending_for(user):
    return (
        ReorientationRequest.objects.visible_to(user)
        .filter(status=ReorientationStatus.PENDING)
        .select_related(
            "person", "person__dossier", "requested_by", "current_orientation__body", "proposed_body"
        )
        .order_by("requested_on", "id")
    )


@login_required
def reorientation_inbox(request):
    require_orienting(request.user)
    page, querystring = paginate(request, pending_for(request.user))
    persons = [entry.person.uuid for entry in page]
    log_list(request, action="orientation.reorientation.list", persons=persons, query={"page": page.number})
    return render_page(
        request, "web/pathways/orientation/reorientations.html", {"page": page, "querystring": querystring}
    )


@login_required
def reorientation_decide(request, uuid):
    require_orienting(request.user)
    entry = get_object_or_404(pending_for(request.user), uuid=uuid)
    form = ReorientationDecisionForm(
        request.POST or None, bodies=Organization.objects.orientation_bodies(entry.departement_code)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_reorientation(
                actor=request.user,
                request=entry,
                accept=data["decision"] == "accept",
                reason=data["reason"],
                body=data["body"],
                track=data["track"] or None,
                decision_date=data["decision_date"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            verdict = "acceptée" if data["decision"] == "accept" else "refusée"
            messages.success(request, f"Demande de réorientation de {entry.person} {verdict}.")
            return redirect("web:orientation_reorientations")
    return render_page(request, "web/pathways/orientation/reorientation.html", {"entry": entry, "form": form})
