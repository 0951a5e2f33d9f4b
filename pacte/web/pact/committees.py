"""The steering committees' pages: the committees of a pact, a committee (attendees, agenda,
minutes, decisions, follow-up tasks), the direction's forms, and the "Fait" button of a task (its
owner, or the direction). Every reader of the pact reads its committees; a committee of a pact out
of sight answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations.models import Organization
from pacte.pact import committees
from pacte.pact.models import Action, FollowUpTask, Pact, SteeringCommittee
from pacte.web.form_pages import save_form
from pacte.web.pact.access import can_edit, can_read_pacts, check, editable_pact, readable_pact
from pacte.web.pact.followup_forms import CommitteeForm, DecisionForm, TaskForm

PAGE_SIZE = 25


def _posted(request):
    return request.POST if request.method == "POST" else None


def committee_url(committee):
    return reverse("web:pact_committee_detail", kwargs={"uuid": committee.uuid})


def _form_page(request, form, *, title, back, back_label, submit):
    context = {"form": form, "title": title, "back": back, "back_label": back_label, "submit": submit}
    return render(request, "web/pact/form.html", context)


def _readable_committee(request, uuid):
    check(can_read_pacts(request.user))
    visible = SteeringCommittee.objects.filter(pact__in=Pact.objects.visible_to(request.user))
    return get_object_or_404(visible.select_related("pact"), uuid=uuid)


def _editable_committee(request, uuid):
    committee = _readable_committee(request, uuid)
    check(can_edit(request.user, committee.pact))
    return committee


@login_required
def committee_list(request, slug):
    pact = readable_pact(request, slug)
    rows = pact.committees.annotate(
        decision_count=Count("decisions", distinct=True),
        open_task_count=Count("tasks", filter=Q(tasks__done_at=None), distinct=True),
    ).order_by("-held_on", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"pact": pact, "page": page, "can_edit": can_edit(request.user, pact)}
    return render(request, "web/pact/committees/list.html", context)


def _committee_form(request, pact, initial=None):
    return CommitteeForm(
        _posted(request),
        initial=initial,
        users=committees.departement_users(pact.departement_id),
        organizations=Organization.objects.filter(
            departement_id=pact.departement_id, is_active=True
        ).order_by("name", "id"),
    )


@login_required
def committee_create(request, slug):
    pact = editable_pact(request, slug)
    form = _committee_form(request, pact)
    back = reverse("web:pact_committee_list", kwargs={"slug": pact.slug})
    done = save_form(
        request,
        form,
        write=lambda form: committees.save_committee(actor=request.user, pact=pact, **form.cleaned_data),
        message="Le comité de pilotage est enregistré.",
        success=committee_url,
    )
    return done or _form_page(
        request, form, title=f"Nouveau comité de pilotage — {pact.title}", back=back, back_label="Comités de pilotage",
        submit="Enregistrer",
    )  # fmt: skip


@login_required
def committee_edit(request, uuid):
    committee = _editable_committee(request, uuid)
    form = _committee_form(request, committee.pact, initial=CommitteeForm.initial_for(committee))
    done = save_form(
        request,
        form,
        write=lambda form: committees.save_committee(
            actor=request.user, pact=committee.pact, committee=committee, **form.cleaned_data
        ),
        message="Le comité de pilotage est modifié.",
        success=committee_url,
    )
    return done or _form_page(
        request, form, title=f"Modifier « {committee.title} »", back=committee_url(committee),
        back_label=committee.title, submit="Enregistrer",
    )  # fmt: skip


@login_required
def committee_detail(request, uuid):
    committee = _readable_committee(request, uuid)
    tasks = committee.tasks.select_related("owner", "decision").order_by("done_at", "due_on", "id")
    editable = can_edit(request.user, committee.pact)
    today = timezone.localdate()
    rows = [
        {
            "task": task,
            "late": task.done_at is None and task.due_on is not None and task.due_on < today,
            "can_close": task.done_at is None and (editable or task.owner_id == request.user.pk),
        }
        for task in tasks
    ]
    context = {
        "committee": committee,
        "pact": committee.pact,
        "attendees": committee.attendee_users.order_by("last_name", "first_name", "id"),
        "organizations": committee.attendee_organizations.order_by("name", "id"),
        "decisions": committee.decisions.select_related("action").order_by("position", "id"),
        "tasks": rows,
        "can_edit": editable,
    }
    return render(request, "web/pact/committees/detail.html", context)


@login_required
def decision_create(request, uuid):
    committee = _editable_committee(request, uuid)
    actions = Action.objects.filter(objective__thematic__pact=committee.pact).order_by(
        "objective__thematic__position", "objective__position", "position", "id"
    )
    form = DecisionForm(_posted(request), actions=actions)
    done = save_form(
        request,
        form,
        write=lambda form: committees.add_decision(
            actor=request.user, committee=committee, **form.cleaned_data
        ),
        message="La décision est ajoutée.",
        success=committee_url(committee),
    )
    return done or _form_page(
        request, form, title=f"Nouvelle décision — {committee}", back=committee_url(committee),
        back_label=committee.title, submit="Ajouter",
    )  # fmt: skip


@login_required
def task_create(request, uuid):
    committee = _editable_committee(request, uuid)
    form = TaskForm(
        _posted(request),
        users=committees.departement_users(committee.pact.departement_id),
        decisions=committee.decisions.order_by("position", "id"),
    )
    done = save_form(
        request,
        form,
        write=lambda form: committees.add_task(actor=request.user, committee=committee, **form.cleaned_data),
        message="La suite est ajoutée ; elle apparaît sur la page d'accueil de la personne qui s'en charge.",
        success=committee_url(committee),
    )
    return done or _form_page(
        request, form, title=f"Nouvelle suite — {committee}", back=committee_url(committee),
        back_label=committee.title, submit="Ajouter",
    )  # fmt: skip


@login_required
@require_POST
def task_done(request, uuid):
    """The owner (from their home page) or the direction (from the committee's page) says it is done."""
    task = get_object_or_404(FollowUpTask.objects.select_related("committee__pact"), uuid=uuid)
    if not committees.can_close_task(request.user, task):
        # A task of someone else, out of the reader's direction: as if it did not exist.
        raise Http404
    try:
        committees.mark_done(actor=request.user, task=task)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"La suite « {task.title} » est faite.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("web:home")
    return redirect(target)
