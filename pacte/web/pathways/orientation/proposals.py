"""Pre-orientation: run the rules, then validate each proposal, refuse it, or validate a cohort."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list
from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.organizations.models import Organization
from pacte.pathways import perms, queries, services
from pacte.pathways.models import Orientation
from pacte.web.pathways.errors import add_domain_error
from pacte.web.pathways.orientation.common import paginate, render_page, require_orienting
from pacte.web.pathways.orientation.forms import CohortForm, RefuseForm, ValidateProposalForm


def proposals_for(user):
    """Pending proposals of the persons `user` may see, oldest first."""
    return (
        Orientation.objects.visible_to(user)
        .proposed()
        .select_related("person", "person__dossier", "person__dossier__territory", "rule", "body")
        .order_by("created_at", "person__last_name", "id")
    )


def _uuids(values):
    clean = []
    for value in values:
        try:
            clean.append(Orientation._meta.get_field("uuid").to_python(value))
        except ValidationError:
            continue
    return clean


@login_required
@require_POST
def run_rules(request):
    """Propose an orientation to the queue (or the selected persons of it) with the configured rules."""
    require_orienting(request.user)
    people = queries.orientation_queue(request.user, today=timezone.localdate())
    selected = _uuids(request.POST.getlist("persons"))
    if "selection" in request.POST:
        if not selected:
            messages.error(request, "Cochez au moins une personne de la file pour lancer la pré-orientation.")
            return redirect("web:orientation_queue")
        people = people.filter(uuid__in=selected)
    created = []
    for code in org_perms.departements_for(request.user, *perms.ORIENTING_ROLES):
        created += services.propose_orientations(actor=request.user, departement=code, persons=people)
    count = len(created)
    messages.success(
        request,
        f"{count} proposition{'s' if count > 1 else ''} d'orientation faite{'s' if count > 1 else ''} par les règles."
        if count
        else "Aucune nouvelle proposition : aucune règle ne s'applique aux personnes sans proposition.",
    )
    return redirect("web:orientation_proposals")


def _render_list(request, form=None, selected=(), error=None):
    page, querystring = paginate(request, proposals_for(request.user))
    persons = [proposal.person.uuid for proposal in page]
    log_list(request, action="orientation.proposal.list", persons=persons, query={"page": page.number})
    context = {
        "page": page,
        "querystring": querystring,
        "form": form or CohortForm(),
        "selected": {str(value) for value in selected},
        "error": error,
    }
    return render_page(request, "web/pathways/orientation/proposals.html", context)


@login_required
def proposal_list(request):
    require_orienting(request.user)
    return _render_list(request)


@login_required
@require_POST
def validate_cohort(request):
    require_orienting(request.user)
    form = CohortForm(request.POST)
    selected = _uuids(request.POST.getlist("proposals"))
    if not form.is_valid():
        return _render_list(request, form, selected)
    proposals = list(proposals_for(request.user).filter(uuid__in=selected))
    try:
        services.validate_cohort(
            actor=request.user, orientations=proposals, decision_date=form.cleaned_data["decision_date"]
        )
    except DomainError as error:
        return _render_list(request, form, selected, error.message)
    count = len(proposals)
    messages.success(
        request, f"{count} orientation{'s' if count > 1 else ''} validée{'s' if count > 1 else ''}."
    )
    return redirect("web:orientation_proposals")


def _detail(request, proposal, validate_form=None, refuse_form=None):
    bodies = Organization.objects.orientation_bodies(proposal.departement_code, proposal.body_kind)
    context = {
        "proposal": proposal,
        "person": proposal.person,
        "validate_form": validate_form or ValidateProposalForm(bodies=bodies),
        "refuse_form": refuse_form or RefuseForm(),
    }
    return render_page(request, "web/pathways/orientation/proposal.html", context)


@login_required
def proposal_detail(request, uuid):
    require_orienting(request.user)
    return _detail(request, get_object_or_404(proposals_for(request.user), uuid=uuid))


@login_required
@require_POST
def validate_proposal(request, uuid):
    require_orienting(request.user)
    proposal = get_object_or_404(proposals_for(request.user), uuid=uuid)
    form = ValidateProposalForm(
        request.POST,
        bodies=Organization.objects.orientation_bodies(proposal.departement_code, proposal.body_kind),
    )
    if form.is_valid():
        try:
            services.validate_orientation(
                actor=request.user,
                orientation=proposal,
                decision_date=form.cleaned_data["decision_date"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Orientation de {proposal.person} validée.")
            return redirect("web:orientation_proposals")
    return _detail(request, proposal, validate_form=form)


@login_required
@require_POST
def refuse_proposal(request, uuid):
    require_orienting(request.user)
    proposal = get_object_or_404(proposals_for(request.user), uuid=uuid)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_orientation(
                actor=request.user, orientation=proposal, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"Proposition pour {proposal.person} écartée.")
            return redirect("web:orientation_proposals")
    return _detail(request, proposal, refuse_form=form)
