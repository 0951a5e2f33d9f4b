"""Uploading a CAF file from the web and following its import."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime

from pacte.beneficiaries.caf.codes import label
from pacte.core.models import BackgroundTask
from pacte.core.tasks import refresh_task
from pacte.organizations import perms
from pacte.web.imports.forms import CafUploadForm, departement_choices
from pacte.web.imports.tasks import TASK_KIND, start_caf_import


@login_required
def caf_upload(request):
    form = CafUploadForm(
        request.POST or None, request.FILES or None, departements=departement_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        task = start_caf_import(
            upload=form.cleaned_data["file"],
            departement_code=form.cleaned_data["departement"],
            user=request.user,
        )
        return redirect("web:caf_task", uuid=task.uuid)
    return render(
        request, "web/imports/caf_upload.html", {"form": form, "max_mb": settings.PACTE_UPLOAD_MAX_MB}
    )


def _task(request, uuid):
    if not perms.can_run_imports(request.user):
        raise PermissionDenied
    tasks = BackgroundTask.objects.visible_to(request.user).filter(kind=TASK_KIND)
    return refresh_task(get_object_or_404(tasks, uuid=uuid))


def unknown_code_rows(unknown_codes):
    """[(field, code, label)] of the codes a file used that Pacte does not know yet."""
    return [
        (field, code, label(field, code))
        for field, codes in sorted((unknown_codes or {}).items())
        for code in codes
    ]


def _task_context(task):
    result = task.result or {}
    return {
        "task": task,
        "result": result,
        "unknown": unknown_code_rows(result.get("unknown_codes")),
        "imported_on": parse_datetime(result.get("imported_on") or ""),
    }


@login_required
def caf_task(request, uuid):
    return render(request, "web/imports/caf_task.html", _task_context(_task(request, uuid)))


@login_required
def caf_task_progress(request, uuid):
    """The htmx fragment the task page polls every second until the task ends."""
    return render(request, "web/imports/_caf_task_progress.html", _task_context(_task(request, uuid)))
