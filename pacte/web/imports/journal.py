"""The journal of CAF imports: every file, imported or rejected, with its report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from pacte.beneficiaries.models import CafImport
from pacte.organizations import perms
from pacte.web.imports.caf import unknown_code_rows

PAGE_SIZE = 50


def _journal(user):
    if not perms.can_run_imports(user):
        raise PermissionDenied
    return CafImport.objects.visible_to(user)


@login_required
def caf_journal(request):
    entries = _journal(request.user).select_related("imported_by").order_by("-started_at", "-id")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/imports/journal.html", {"page": page})


@login_required
def caf_import_detail(request, uuid):
    entry = get_object_or_404(_journal(request.user).select_related("imported_by"), uuid=uuid)
    return render(
        request,
        "web/imports/journal_detail.html",
        {"entry": entry, "unknown": unknown_code_rows(entry.unknown_codes)},
    )
