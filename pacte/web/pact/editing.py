"""The direction's forms: thematics, objectives, actions and their budget lines, signatories,
indicator values, concertation events. Each write goes through `pacte.pact.services`; a refusal comes back on its field
and the form keeps what was typed."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from pacte.pact import services
from pacte.pact.models import Objective, Thematic
from pacte.web.form_pages import save_form
from pacte.web.pact.access import can_edit, check, editable_action, editable_pact, readable_indicator
from pacte.web.pact.followup_forms import ConcertationForm
from pacte.web.pact.forms import (
    ActionForm,
    BudgetLineForm,
    IndicatorForm,
    IndicatorValueForm,
    ObjectiveForm,
    SignatoryForm,
    ThematicForm,
)
from pacte.web.pact.views import pact_url


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title, back, back_label, submit):
    context = {"form": form, "title": title, "back": back, "back_label": back_label, "submit": submit}
    return render(request, "web/pact/form.html", context)


def _save(request, form, write, success, target):
    """Call `write()` when the form is valid; on success a message and a redirect to `target(result)`."""
    return save_form(request, form, write=lambda form: write(), message=success, success=target)


def _thematic(pact, pk):
    return get_object_or_404(Thematic, pact=pact, pk=pk)


def _objective(pact, pk):
    return get_object_or_404(Objective.objects.select_related("thematic"), thematic__pact=pact, pk=pk)


@login_required
def thematic_create(request, slug):
    pact = editable_pact(request, slug)
    form = ThematicForm(_posted(request), pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_thematic(actor=request.user, pact=pact, **form.cleaned_data),
        "La thématique est ajoutée.",
        lambda _: pact_url(pact),
    )
    label = pact.thematic_label.lower()
    return done or _form_page(
        request, form, title=f"Nouvelle {label} — {pact.title}", back=pact_url(pact), back_label=pact.title,
        submit="Ajouter",
    )  # fmt: skip


@login_required
def thematic_edit(request, slug, pk):
    pact = editable_pact(request, slug)
    thematic = _thematic(pact, pk)
    initial = {
        "title": thematic.title,
        "description": thematic.description,
        "referent_name": thematic.referent_name,
        "referent_organization": thematic.referent_organization_id,
    }
    form = ThematicForm(_posted(request), initial=initial, pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_thematic(actor=request.user, pact=pact, thematic=thematic, **form.cleaned_data),
        "La thématique est modifiée.",
        lambda _: pact_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Modifier « {thematic.title} »", back=pact_url(pact), back_label=pact.title,
        submit="Enregistrer",
    )  # fmt: skip


@login_required
def objective_create(request, slug, pk):
    pact = editable_pact(request, slug)
    thematic = _thematic(pact, pk)
    form = ObjectiveForm(_posted(request))
    done = _save(
        request,
        form,
        lambda: services.save_objective(actor=request.user, thematic=thematic, **form.cleaned_data),
        "L'objectif est ajouté.",
        lambda _: pact_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Nouvel objectif — {thematic.title}", back=pact_url(pact), back_label=pact.title,
        submit="Ajouter",
    )  # fmt: skip


@login_required
def objective_edit(request, slug, pk):
    pact = editable_pact(request, slug)
    objective = _objective(pact, pk)
    form = ObjectiveForm(
        _posted(request), initial={"title": objective.title, "description": objective.description}
    )
    done = _save(
        request,
        form,
        lambda: services.save_objective(
            actor=request.user, thematic=objective.thematic, objective=objective, **form.cleaned_data
        ),
        "L'objectif est modifié.",
        lambda _: pact_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Modifier « {objective.title} »", back=pact_url(pact), back_label=pact.title,
        submit="Enregistrer",
    )  # fmt: skip


def action_url(action):
    return reverse("web:pact_action_detail", kwargs={"uuid": action.uuid})


@login_required
def action_create(request, slug, pk):
    pact = editable_pact(request, slug)
    objective = _objective(pact, pk)
    form = ActionForm(_posted(request), pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_action(actor=request.user, objective=objective, **form.action_fields()),
        "L'action est ajoutée.",
        action_url,
    )
    return done or _form_page(
        request, form, title=f"Nouvelle action — {objective.title}", back=pact_url(pact), back_label=pact.title,
        submit="Ajouter",
    )  # fmt: skip


@login_required
def action_edit(request, uuid):
    action = editable_action(request, uuid)
    pact = action.objective.thematic.pact
    form = ActionForm(_posted(request), initial=ActionForm.initial_for(action), pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_action(
            actor=request.user, objective=action.objective, action=action, **form.action_fields()
        ),
        "L'action est modifiée.",
        action_url,
    )
    return done or _form_page(
        request, form, title=f"Modifier « {action.title} »", back=action_url(action), back_label=action.title,
        submit="Enregistrer",
    )  # fmt: skip


@login_required
def budget_line_create(request, uuid):
    action = editable_action(request, uuid)
    form = BudgetLineForm(_posted(request))
    done = _save(
        request,
        form,
        lambda: services.add_budget_line(actor=request.user, action=action, **form.cleaned_data),
        "La ligne budgétaire est ajoutée.",
        lambda _: action_url(action),
    )
    return done or _form_page(
        request, form, title=f"Ligne budgétaire — {action.title}", back=action_url(action),
        back_label=action.title, submit="Ajouter",
    )  # fmt: skip


def signatories_url(pact):
    return reverse("web:pact_signatories", kwargs={"slug": pact.slug})


@login_required
def signatory_create(request, slug):
    pact = editable_pact(request, slug)
    form = SignatoryForm(_posted(request), pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_signatory(actor=request.user, pact=pact, **form.cleaned_data),
        "Le signataire est ajouté.",
        lambda _: signatories_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Nouveau signataire — {pact.title}", back=signatories_url(pact),
        back_label="Signataires", submit="Ajouter",
    )  # fmt: skip


@login_required
def signatory_edit(request, slug, pk):
    pact = editable_pact(request, slug)
    signatory = get_object_or_404(pact.signatories, pk=pk)
    initial = {
        "name": signatory.name,
        "organization": signatory.organization_id,
        "commitment": signatory.commitment,
    }
    form = SignatoryForm(_posted(request), initial=initial, pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_signatory(
            actor=request.user, pact=pact, signatory=signatory, **form.cleaned_data
        ),
        "Le signataire est modifié.",
        lambda _: signatories_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Modifier « {signatory.name} »", back=signatories_url(pact),
        back_label="Signataires", submit="Enregistrer",
    )  # fmt: skip


@login_required
def indicator_value_create(request, uuid):
    indicator = readable_indicator(request, uuid)
    check(can_edit(request.user, indicator.pact))
    form = IndicatorValueForm(_posted(request))
    back = reverse("web:pact_indicator_detail", kwargs={"uuid": indicator.uuid})
    done = _save(
        request,
        form,
        lambda: services.set_indicator_value(actor=request.user, indicator=indicator, **form.cleaned_data),
        "La valeur est enregistrée.",
        lambda _: back,
    )
    return done or _form_page(
        request, form, title=f"Saisir une valeur — {indicator.name}", back=back, back_label=indicator.name,
        submit="Enregistrer",
    )  # fmt: skip


def indicator_url(indicator):
    return reverse("web:pact_indicator_detail", kwargs={"uuid": indicator.uuid})


@login_required
def indicator_create(request, slug):
    pact = editable_pact(request, slug)
    form = IndicatorForm(_posted(request), pact=pact)
    done = _save(
        request,
        form,
        lambda: services.save_indicator(actor=request.user, pact=pact, **form.cleaned_data),
        "L'indicateur est ajouté.",
        indicator_url,
    )
    back = reverse("web:pact_indicator_list", kwargs={"slug": pact.slug})
    return done or _form_page(
        request, form, title=f"Nouvel indicateur — {pact.title}", back=back, back_label="Indicateurs",
        submit="Ajouter",
    )  # fmt: skip


@login_required
def indicator_edit(request, uuid):
    indicator = readable_indicator(request, uuid)
    check(can_edit(request.user, indicator.pact))
    form = IndicatorForm(_posted(request), initial=IndicatorForm.initial_for(indicator), pact=indicator.pact)
    done = _save(
        request,
        form,
        lambda: services.save_indicator(
            actor=request.user, pact=indicator.pact, indicator=indicator, **form.cleaned_data
        ),
        "L'indicateur est modifié.",
        indicator_url,
    )
    return done or _form_page(
        request, form, title=f"Modifier « {indicator.name} »", back=indicator_url(indicator),
        back_label=indicator.name, submit="Enregistrer",
    )  # fmt: skip


def concertation_url(pact):
    return reverse("web:pact_concertation", kwargs={"slug": pact.slug})


@login_required
def concertation_create(request, slug):
    pact = editable_pact(request, slug)
    form = ConcertationForm(_posted(request))
    done = _save(
        request,
        form,
        lambda: services.save_concertation_event(actor=request.user, pact=pact, **form.cleaned_data),
        "Le temps de concertation est ajouté.",
        lambda _: concertation_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Nouveau temps de concertation — {pact.title}", back=concertation_url(pact),
        back_label="Concertation", submit="Ajouter",
    )  # fmt: skip


@login_required
def concertation_edit(request, slug, pk):
    pact = editable_pact(request, slug)
    event = get_object_or_404(pact.concertation_events, pk=pk)
    form = ConcertationForm(_posted(request), initial=ConcertationForm.initial_for(event))
    done = _save(
        request,
        form,
        lambda: services.save_concertation_event(
            actor=request.user, pact=pact, event=event, **form.cleaned_data
        ),
        "Le temps de concertation est modifié.",
        lambda _: concertation_url(pact),
    )
    return done or _form_page(
        request, form, title=f"Modifier « {event.title} »", back=concertation_url(pact), back_label="Concertation",
        submit="Enregistrer",
    )  # fmt: skip
