"""Spreadsheet import of beneficiaries: upload, columns, review grid, confirmation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models.fields.json import KT
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pacte.audit.services import log_read
from pacte.beneficiaries import spreadsheet
from pacte.beneficiaries.models import SpreadsheetImport, SpreadsheetImportStatus, SpreadsheetMapping
from pacte.beneficiaries.spreadsheet_read import check_mapping
from pacte.core.errors import DomainError
from pacte.web.imports.forms import ColumnsForm, SpreadsheetUploadForm, guess_columns
from pacte.web.imports.scope import departement_choices, scoped

PAGE_SIZE = 50
GRID_PAGE_SIZE = 200


def _imports(user):
    return scoped(SpreadsheetImport.objects.all(), user)


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
    mappings = scoped(SpreadsheetMapping.objects.all(), request.user).order_by(
        "departement_code", "name", "id"
    )
    form = SpreadsheetUploadForm(
        request.POST or None, request.FILES or None, departements=departements, mappings=mappings
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = spreadsheet.create_import(
                upload=form.cleaned_data["file"],
                departement_code=form.cleaned_data["departement"],
                mapping=form.cleaned_data["mapping"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if "review" in entry.report:
                return redirect("web:spreadsheet_review", uuid=entry.uuid)
            return redirect("web:spreadsheet_columns", uuid=entry.uuid)
    return render(
        request, "web/imports/spreadsheet_upload.html", {"form": form, "max_mb": settings.PACTE_UPLOAD_MAX_MB}
    )


def _initial_columns(entry, headers):
    columns = entry.report.get("columns") or (
        entry.mapping.columns if entry.mapping else guess_columns(headers)
    )
    initial = {f"col_{key}": header for key, header in columns.items() if header in headers}
    if entry.mapping and not entry.report.get("columns"):
        initial["save_as"] = entry.mapping.name
    return initial


@login_required
def spreadsheet_columns(request, uuid):
    entry = get_object_or_404(_imports(request.user).select_related("mapping"), uuid=uuid)
    if entry.status != SpreadsheetImportStatus.REVIEW:
        return redirect("web:spreadsheet_review", uuid=entry.uuid)
    headers = entry.report.get("headers", [])
    form = ColumnsForm(request.POST or None, headers=headers, initial=_initial_columns(entry, headers))
    if request.method == "POST" and form.is_valid():
        try:
            spreadsheet.set_columns(
                entry, columns=form.columns(), actor=request.user, save_as=form.cleaned_data["save_as"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("web:spreadsheet_review", uuid=entry.uuid)
    mapping_errors = check_mapping(entry.mapping.columns, headers) if entry.mapping else []
    context = {"entry": entry, "form": form, "headers": headers, "mapping_errors": mapping_errors}
    return render(request, "web/imports/spreadsheet_columns.html", context)


@login_required
def spreadsheet_review(request, uuid):
    entry = get_object_or_404(_imports(request.user).select_related("mapping", "created_by"), uuid=uuid)
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
    entry = get_object_or_404(_imports(request.user), uuid=uuid)
    try:
        result = spreadsheet.apply_review(entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        counts = result.counts
        messages.success(
            request,
            f"Import enregistré : {counts[spreadsheet.CREATE]} personne(s) ajoutée(s), "
            f"{counts[spreadsheet.UPDATE]} mise(s) à jour, {counts[spreadsheet.UNCHANGED]} inchangée(s).",
        )
    return redirect("web:spreadsheet_review", uuid=entry.uuid)


@login_required
@require_POST
def spreadsheet_cancel(request, uuid):
    entry = get_object_or_404(_imports(request.user), uuid=uuid)
    try:
        spreadsheet.cancel_import(entry, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Import abandonné : rien n'a été enregistré et le fichier a été supprimé.")
    return redirect("web:spreadsheet_list")
