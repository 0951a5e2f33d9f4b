"""The action plan: objectives and actions, added, edited and moved from status to status.

Inside the pathway page these forms post with htmx and get the plan back; without JavaScript they
are ordinary forms that come back to the pathway page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.pathways import perms, services
from pacte.pathways.models import PlanAction, PlanObjective
from pacte.web.pathways.followup.access import (
    FORM_TEMPLATE,
    check,
    form_page,
    is_htmx,
    person_or_404,
    posted,
    record_or_404,
)
from pacte.web.pathways.followup.forms import ObjectiveForm, PlanItemForm, StatusForm
from pacte.web.pathways.followup.pathway import plan_context

KINDS = {"objectif": PlanObjective, "action": PlanAction}
PLAN_PARTIAL = "web/pathways/followup/_plan.html"


def _back(person):
    return reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) + "#plan"


def _item(request, kind, uuid):
    if kind not in KINDS:
        raise Http404
    item = record_or_404(request, KINDS[kind], uuid)
    check(perms.can_edit_plan(request.user, item.person))
    return item


@login_required
def objective_add(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_edit_plan(request.user, person))
    form = ObjectiveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_objective(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if is_htmx(request):
                return render(request, PLAN_PARTIAL, plan_context(request, person))
            messages.success(request, "L'objectif est ajouté au plan d'action.")
            return redirect(_back(person))
    if is_htmx(request):
        return render(request, PLAN_PARTIAL, plan_context(request, person, form=form))
    context = {
        "person": person,
        "title": "Ajouter un objectif au plan d'action",
        "submit": "Ajouter l'objectif",
    }
    return render(request, FORM_TEMPLATE, {**context, "form": form})


@login_required
def action_add(request, uuid):
    objective = record_or_404(request, PlanObjective, uuid)
    check(perms.can_edit_plan(request.user, objective.person))
    form = PlanItemForm(posted(request))

    def action(data):
        services.add_action(actor=request.user, objective=objective, **data)

    context = {
        "person": objective.person,
        "title": f"Ajouter une action à l'objectif « {objective.title} »",
        "submit": "Ajouter l'action",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(objective.person),
        message="L'action est ajoutée.",
    )


@login_required
def item_edit(request, kind, uuid):
    item = _item(request, kind, uuid)
    initial = {"title": item.title, "description": item.description, "due_date": item.due_date}
    form = PlanItemForm(posted(request), initial=initial)

    def action(data):
        services.update_plan_item(actor=request.user, item=item, **data)

    context = {"person": item.person, "title": f"Modifier « {item.title} »", "submit": "Enregistrer"}
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(item.person),
        message="Le plan est mis à jour.",
    )


@login_required
@require_POST
def item_status(request, kind, uuid):
    item = _item(request, kind, uuid)
    form = StatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.set_plan_item_status(actor=request.user, item=item, status=form.cleaned_data["status"])
        except DomainError as exc:
            error = exc.message
    else:
        error = "Choisissez un statut."
    if is_htmx(request):
        return render(request, PLAN_PARTIAL, plan_context(request, item.person, error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Le statut est mis à jour.")
    return redirect(_back(item.person))
