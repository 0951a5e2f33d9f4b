"""Spreadsheet import of beneficiaries: upload, columns, review grid, confirmation.

The requests never read the file: reading it, reviewing it and writing it are background tasks
(`spreadsheet_tasks`), whose progress the import's task page shows before the page that follows.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pacte.audit.services import log_read
from pacte.beneficiaries import spreadsheet
from pacte.beneficiaries.models import SpreadsheetImport, SpreadsheetImportStatus, SpreadsheetMapping
from pacte.beneficiaries.spreadsheet_read import check_mapping
from pacte.core.errors import DomainError
from pacte.core.models import TaskStatus
from pacte.core.tasks import refresh_task
from pacte.organizations import perms
from pacte.web.imports import spreadsheet_tasks
from pacte.web.imports.forms import ColumnsForm, SpreadsheetUploadForm, departement_choices, guess_columns

PAGE_SIZE = 50
GRID_PAGE_SIZE = 200
FAILED_MESSAGE = (
    "Le traitement du fichier a échoué sur une erreur inattendue : rien n'a été enregistré. Prévenez "
    "l'équipe technique en donnant l'heure de l'essai."
)


def _imports(user):
    if not perms.can_run_imports(user):
        raise PermissionDenied
    return SpreadsheetImport.objects.visible_to(user)


@login_required
def spreadsheet_list(request):
    entries = (
        _imports(request.user)
        .select_related("created_by", "mapping")
        .annotate(row_count=KT("report__rows"))
        .defer("report")  # the stored review grid can be large; only its row count is shown
        .order_by("-created_at", "-id")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/imports/spreadsheet_list.html", {"page": page})


@login_required
def spreadsheet_upload(request):
    departements = departement_choices(request.user)
    mappings = SpreadsheetMapping.objects.visible_to(request.user).order_by("departement_code", "name", "id")
    form = SpreadsheetUploadForm(
        request.POST or None, request.FILES or None, departements=departements, mappings=mappings
    )
    if request.method == "POST" and form.is_valid():
        entry = spreadsheet.create_import(
            upload=form.cleaned_data["file"],
            departement_code=form.cleaned_data["departement"],
            mapping=form.cleaned_data["mapping"],
            actor=request.user,
        )
        spreadsheet_tasks.start_reading(entry, user=request.user)
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    return render(
        request, "web/imports/spreadsheet_upload.html", {"form": form, "max_mb": settings.PACTE_UPLOAD_MAX_MB}
    )


def _entry(request, uuid, *related):
    return get_object_or_404(_imports(request.user).select_related("task", *related), uuid=uuid)


def _running(entry):
    """Whether a background task still works on the import (one whose process died is failed)."""
    return entry.task is not None and not refresh_task(entry.task).is_finished


def _shows_task(entry):
    """Whether the import's page is its task page: a task at work, a file not read, or refused."""
    reading = entry.status in (SpreadsheetImportStatus.READING, SpreadsheetImportStatus.REJECTED)
    return _running(entry) or reading


def _next_url(request, entry):
    """The page that follows the import's finished task, with the task's message if it has one."""
    task = entry.task
    result = task.result if task is not None else {}
    if task is not None and task.status == TaskStatus.FAILED:
        messages.error(request, task.message if task.died else FAILED_MESSAGE)
    elif result.get("message") and result.get("level"):
        level = messages.SUCCESS if result["level"] == "success" else messages.ERROR
        messages.add_message(request, level, result["message"])
    name = "web:spreadsheet_columns" if result.get("next") == "columns" else "web:spreadsheet_review"
    return reverse(name, kwargs={"uuid": entry.uuid})


def _task_context(entry):
    """The task page's context; `_shows_task` has refreshed the task already."""
    running = entry.task is not None and not entry.task.is_finished
    return {"entry": entry, "task": entry.task, "running": running, "failed_message": FAILED_MESSAGE}


@login_required
def spreadsheet_task(request, uuid):
    entry = _entry(request, uuid)
    if not _shows_task(entry):
        return redirect(_next_url(request, entry))
    return render(request, "web/imports/spreadsheet_task.html", _task_context(entry))


@login_required
def spreadsheet_task_progress(request, uuid):
    """The htmx fragment the task page polls every second; once the task is done, the next page."""
    entry = _entry(request, uuid)
    if not _shows_task(entry):
        response = HttpResponse()
        response["HX-Redirect"] = _next_url(request, entry)
        return response
    return render(request, "web/imports/_spreadsheet_task_progress.html", _task_context(entry))


def _refused_review(entry):
    """The result of the import's last review task if it refused the columns chosen, else {}."""
    result = entry.task.result if entry.task is not None else {}
    return result if result.get("next") == "columns" and "columns" in result else {}


def _initial_columns(entry, headers, refused):
    """The choices the last refused review kept, else the columns in use, the mapping's or guessed ones."""
    columns = (
        refused.get("columns")
        or entry.report.get("columns")
        or (entry.mapping.columns if entry.mapping else guess_columns(headers))
    )
    initial = {f"col_{key}": header for key, header in columns.items() if header in headers}
    if refused:
        initial["save_as"] = refused.get("save_as", "")
    elif entry.mapping and not entry.report.get("columns"):
        initial["save_as"] = entry.mapping.name
    return initial


@login_required
def spreadsheet_columns(request, uuid):
    entry = _entry(request, uuid, "mapping")
    if _shows_task(entry):
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    if entry.status != SpreadsheetImportStatus.REVIEW:
        return redirect("web:spreadsheet_review", uuid=entry.uuid)
    headers = entry.report.get("headers", [])
    refused = _refused_review(entry)
    form = ColumnsForm(
        request.POST or None, headers=headers, initial=_initial_columns(entry, headers, refused)
    )
    if request.method == "POST" and form.is_valid():
        spreadsheet_tasks.start_review(
            entry, columns=form.columns(), save_as=form.cleaned_data["save_as"], user=request.user
        )
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    context = {
        "entry": entry,
        "form": form,
        "headers": headers,
        "mapping_errors": check_mapping(entry.mapping.columns, headers) if entry.mapping else [],
        "refusal": refused.get("message", "") if request.method == "GET" else "",
    }
    return render(request, "web/imports/spreadsheet_columns.html", context)


@login_required
def spreadsheet_review(request, uuid):
    entry = _entry(request, uuid, "mapping", "created_by")
    if _shows_task(entry):
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    if entry.status == SpreadsheetImportStatus.REVIEW and "review" not in entry.report:
        return redirect("web:spreadsheet_columns", uuid=entry.uuid)
    stored = entry.report.get("review", {})
    status = request.GET.get("statut", "")
    rows = [row for row in stored.get("rows", []) if not status or row["status"] == status]
    page = Paginator(rows, GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    log_read(request, entry)
    counts = stored.get("counts", {})
    context = {
        "entry": entry,
        "page": page,
        "status": status,
        "statuses": [(key, label, counts.get(key, 0)) for key, label in spreadsheet.STATUS_LABELS.items()],
        "status_labels": spreadsheet.STATUS_LABELS,
        "counts": counts,
        "columns": _column_labels(entry.report.get("columns", {})),
        "can_apply": entry.status == SpreadsheetImportStatus.REVIEW and not counts.get(spreadsheet.ERROR),
    }
    return render(request, "web/imports/spreadsheet_review.html", context)


def _column_labels(columns):
    return [(spreadsheet.COLUMNS_BY_KEY[key].label, header) for key, header in columns.items()]


@login_required
@require_POST
def spreadsheet_apply(request, uuid):
    entry = _entry(request, uuid)
    if _shows_task(entry):
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    try:
        spreadsheet.check_open(entry)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:spreadsheet_review", uuid=entry.uuid)
    spreadsheet_tasks.start_apply(entry, user=request.user)
    return redirect("web:spreadsheet_task", uuid=entry.uuid)


@login_required
@require_POST
def spreadsheet_cancel(request, uuid):
    entry = _entry(request, uuid)
    if _running(entry):
        messages.error(
            request, "Le fichier est en cours de traitement : attendez la fin pour abandonner l'import."
        )
        return redirect("web:spreadsheet_task", uuid=entry.uuid)
    try:
        spreadsheet.cancel_import(entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Import abandonné : rien n'a été enregistré et le fichier a été supprimé.")
    return redirect("web:spreadsheet_list")
