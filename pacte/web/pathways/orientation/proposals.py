"""Pre-orientation: run the rules, then validate each proposal, refuse it, or validate a cohort
(the rows checked on a page, or every result of a filter after a confirmation with the count)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list
from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.organizations.models import Organization
from pacte.pathways import perms, queries, services
from pacte.pathways.models import Orientation
from pacte.web.form_pages import add_domain_error
from pacte.web.pathways.followup.access import CONFIRMED, needs_confirmation
from pacte.web.pathways.orientation.batch_forms import OrientationFilterForm, ProposalBatchForm
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
    """Propose an orientation with the configured rules to the queue of entrants, or to the stock
    without orientation when the stock's worklist asks (`stock`); to all, or to the selected persons."""
    require_orienting(request.user)
    if "stock" in request.POST:
        people, origin, name = (
            queries.stock_without_orientation(request.user),
            "web:orientation_stock",
            "du stock",
        )
    else:
        people = queries.orientation_queue(request.user, today=timezone.localdate())
        origin, name = "web:orientation_queue", "de la file"
    selected = _uuids(request.POST.getlist("persons"))
    if "selection" in request.POST:
        if not selected:
            messages.error(request, f"Cochez au moins une personne {name} pour lancer la pré-orientation.")
            return redirect(origin)
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


def _render_list(request, filters, form=None, selected=(), error=None):
    page, querystring = paginate(request, filters.apply(proposals_for(request.user)))
    persons = [proposal.person.uuid for proposal in page]
    query = filters.query()
    log_list(
        request, action="orientation.proposal.list", persons=persons, query={**query, "page": page.number}
    )
    context = {
        "page": page,
        "querystring": querystring,
        "filters": filters,
        "query": query,
        "form": form or CohortForm(),
        "selected": {str(value) for value in selected},
        "error": error,
    }
    return render_page(request, "web/pathways/orientation/proposals.html", context)


@login_required
def proposal_list(request):
    require_orienting(request.user)
    return _render_list(request, OrientationFilterForm(request.GET, user=request.user))


def _plural(count, word):
    return f"{count} {word}{'s' if count > 1 else ''}"


# The count the confirmation showed: a filter whose results changed since then validates nothing.
EXPECTED = "expected"


def _confirm(request, count, decision_date, back):
    """The confirmation of "every result": the same fields posted again, with the count shown."""
    hidden = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED, EXPECTED)
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": "Valider les propositions du filtre",
        "lead": f"Vous allez valider {_plural(count, 'proposition')}, décision du {decision_date:%d/%m/%Y}. "
        "Toutes le seront ensemble, ou aucune si l'une ne peut pas l'être.",
        "submit": f"Valider les {_plural(count, 'proposition')}",
        "back": back,
        "hidden": [*hidden, (EXPECTED, str(count))],
        "confirmed": CONFIRMED,
    }
    return render(request, "web/pathways/followup/confirm.html", context)


def _decisions_url(query, decision_date):
    params = {**query, "decidees_le": decision_date.isoformat(), "a_notifier": "1"}
    return f"{reverse('web:orientation_decisions')}?{urlencode(params)}"


@login_required
@require_POST
def validate_cohort(request):
    """Validate the checked proposals, or every result of the posted filter (after a confirmation
    that says how many): all of them in one transaction, or none."""
    require_orienting(request.user)
    filters = OrientationFilterForm(request.POST, user=request.user)
    form, batch = CohortForm(request.POST), ProposalBatchForm(request.POST)
    selected = _uuids(request.POST.getlist("proposals"))
    if not (form.is_valid() and batch.is_valid()):
        return _render_list(request, filters, form, selected)
    if not filters.is_valid():
        return _render_list(
            request, filters, form, selected, "Le filtre n'est pas valide : rien n'a été validé."
        )
    rows = filters.apply(proposals_for(request.user))
    everyone = batch.cleaned_data["everyone"]
    if not everyone:
        rows = rows.filter(uuid__in=batch.cleaned_data["proposals"])
    if everyone and needs_confirmation(request):
        count = rows.count()
        if not count:
            return _render_list(request, filters, form, error="Aucune proposition ne répond à ce filtre.")
        back = f"{reverse('web:orientation_proposals')}?{urlencode(filters.query())}"
        return _confirm(request, count, form.cleaned_data["decision_date"], back)
    proposals = list(rows)
    decision_date = form.cleaned_data["decision_date"]
    if everyone and str(len(proposals)) != request.POST.get(EXPECTED):
        return _render_list(
            request,
            filters,
            form,
            error="Les propositions du filtre ont changé depuis la confirmation : rien n'a été validé.",
        )
    try:
        services.validate_cohort(actor=request.user, orientations=proposals, decision_date=decision_date)
    except DomainError as error:
        return _render_list(request, filters, form, selected, error.message)
    count = len(proposals)
    messages.success(
        request,
        f"{_plural(count, 'orientation')} validée{'s' if count > 1 else ''}. "
        "Imprimez leurs courriers de notification.",
    )
    return redirect(_decisions_url(filters.query(), decision_date))


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
