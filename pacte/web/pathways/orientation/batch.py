"""Lists worked in batch and their letters: the decided orientations of a filter, whose decision
letters print as one PDF; the coming appointments of a day or an organisation, whose convocations
print the same way. Printing runs as a background task whose page shows the progress, then offers
the PDF to the user who started it."""

from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list
from pacte.beneficiaries.models import Person
from pacte.core.models import BackgroundTask, TaskStatus
from pacte.core.tasks import refresh_task
from pacte.pathways.enums import OrientationStatus
from pacte.pathways.models import Appointment, Orientation
from pacte.web.pathways.orientation import batch_tasks
from pacte.web.pathways.orientation.batch_forms import ConvocationFilterForm, DecisionFilterForm
from pacte.web.pathways.orientation.common import paginate, render_page, require_orienting


def decisions_for(user):
    """The decided orientations of the persons `user` may see, latest decisions first."""
    return (
        Orientation.objects.visible_to(user)
        .filter(status=OrientationStatus.VALIDATED)
        .select_related("person", "person__dossier", "person__dossier__territory", "rule", "body")
        .order_by("-decision_date", "person__last_name", "person__first_name", "id")
    )


def appointments_for(user):
    """The coming appointments of the persons `user` may see, soonest first."""
    return (
        Appointment.objects.visible_to(user)
        .upcoming(timezone.now())
        .select_related("person", "organization", "referent")
        .order_by("starts_at", "person__last_name", "id")
    )


def _list_url(name, query):
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def _list(request, *, filters, rows, action, template, person_of):
    page, querystring = paginate(request, rows)
    query = filters.query()
    log_list(
        request,
        action=action,
        persons=dict.fromkeys(person_of(row).uuid for row in page),
        query={**query, "page": page.number},
    )
    context = {"page": page, "querystring": querystring, "filters": filters, "query": query}
    return render_page(request, template, context)


@login_required
def decision_list(request):
    require_orienting(request.user)
    filters = DecisionFilterForm(request.GET, user=request.user)
    return _list(
        request,
        filters=filters,
        rows=filters.apply(decisions_for(request.user)),
        action="orientation.decision.list",
        template="web/pathways/orientation/decisions.html",
        person_of=lambda orientation: orientation.person,
    )


@login_required
def convocation_list(request):
    require_orienting(request.user)
    filters = ConvocationFilterForm(request.GET, user=request.user)
    return _list(
        request,
        filters=filters,
        rows=filters.apply(appointments_for(request.user)),
        action="orientation.convocation.list",
        template="web/pathways/orientation/convocations.html",
        person_of=lambda appointment: appointment.person,
    )


def _print(request, *, filters, rows, start, back):
    """Start the printing of every result of the posted filter (recomputed in the user's scope)."""
    if not filters.is_valid():
        messages.error(request, "Le filtre n'est pas valide : aucun courrier n'est imprimé.")
        return redirect(back)
    ids = list(rows.order_by().values_list("pk", flat=True))
    if not ids:
        messages.error(request, "Aucun courrier à imprimer pour ce filtre.")
        return redirect(back)
    codes = sorted(set(rows.order_by().values_list("departement_code", flat=True)))
    task = start(user=request.user, ids=ids, departement_code=codes[0] if len(codes) == 1 else "")
    return redirect("web:orientation_letters_task", uuid=task.uuid)


@login_required
@require_POST
def print_decision_letters(request):
    require_orienting(request.user)
    filters = DecisionFilterForm(request.POST, user=request.user)
    return _print(
        request,
        filters=filters,
        rows=filters.apply(decisions_for(request.user)),
        start=batch_tasks.start_orientation_letters,
        back=_list_url("web:orientation_decisions", filters.query()),
    )


@login_required
@require_POST
def print_convocations(request):
    require_orienting(request.user)
    filters = ConvocationFilterForm(request.POST, user=request.user)
    return _print(
        request,
        filters=filters,
        rows=filters.apply(appointments_for(request.user)),
        start=batch_tasks.start_convocation_letters,
        back=_list_url("web:orientation_convocations", filters.query()),
    )


def _task(request, uuid):
    """A printing task the user started; anyone else's answers 404."""
    require_orienting(request.user)
    tasks = BackgroundTask.objects.filter(kind__in=batch_tasks.KINDS, created_by=request.user)
    return refresh_task(get_object_or_404(tasks, uuid=uuid))


def _task_context(task):
    result = task.result or {}
    return {
        "task": task,
        "result": result,
        "is_convocation": task.kind == batch_tasks.CONVOCATION_LETTERS,
        "available": bool(result.get("file")) and Path(result["file"]).is_file(),
        "keep_days": batch_tasks.KEEP_DAYS,
    }


@login_required
def letters_task(request, uuid):
    return render(request, "web/pathways/orientation/letters_task.html", _task_context(_task(request, uuid)))


@login_required
def letters_task_progress(request, uuid):
    """The htmx fragment the task page polls every second until the task ends."""
    return render(
        request, "web/pathways/orientation/_letters_task_progress.html", _task_context(_task(request, uuid))
    )


@login_required
def letters_download(request, uuid):
    """The PDF of a finished task, while the user still sees every person it holds."""
    task = _task(request, uuid)
    result = task.result or {}
    path = Path(result.get("file") or "")
    if task.status != TaskStatus.SUCCEEDED or not path.is_file():
        raise Http404
    persons = list(dict.fromkeys(result.get("persons", [])))
    if Person.objects.visible_to(request.user).filter(uuid__in=persons).count() != len(persons):
        raise Http404
    log_list(
        request, action="orientation.batch_letters.download", persons=persons, data={"task": str(task.uuid)}
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=path.name, content_type="application/pdf"
    )
