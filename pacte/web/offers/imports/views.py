"""Import of a catalogue of offers from the web: upload, columns and review, confirmation.

The uploaded file waits in the private storage (`MEDIA_ROOT`, never served) under
`offer-imports/`, known to the uploader's session only; it is deleted once imported or abandoned,
and a file left behind is swept after `KEEP_HOURS` by the next upload. The review runs every
row's writes and rolls them back (`catalogue_import.review`); the confirmation writes them all or
none (`catalogue_import.import_catalogue`).
"""

import datetime
import uuid as uuid_module
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.beneficiaries.spreadsheet_files import SpreadsheetError
from pacte.core.errors import DomainError
from pacte.core.exports import write_csv
from pacte.offers import catalogue_import
from pacte.offers.catalogue_import import ACTION_LABELS, FIELDS, FIELDS_BY_KEY, NOMENCLATURES, ImportRefused
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.web.offers.imports.forms import MappingForm, UploadForm

SESSION_KEY = "offer_imports"
STORAGE_DIR = "offer-imports"
KEEP_HOURS = 24
PAGE_SIZE = 100
IMPORTER_ROLES = (Role.PARTNER, Role.DIRECTION)


def can_import(user):
    return perms.holds(user, *IMPORTER_ROLES)


def importer_organizations(user):
    """The organisations `user` imports offers for: its partner organisations, every active one of
    the départements it directs (all of them for a superuser)."""
    if not can_import(user):
        raise PermissionDenied
    organizations = Organization.objects.filter(is_active=True)
    if not perms.sees_everything(user):
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        directed = perms.departements_for(user, Role.DIRECTION)
        organizations = organizations.filter(Q(pk__in=own) | Q(departement_id__in=directed))
    return organizations.order_by("departement_id", "name", "id")


@login_required
def offer_import(request):
    organizations = importer_organizations(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            key = _store(request, form.cleaned_data["file"], form.cleaned_data["organization"])
        except SpreadsheetError as error:
            form.add_error("file", error.message)
        else:
            return redirect("web:offer_import_review", uuid=key)
    context = {
        "form": form,
        "max_mb": settings.PACTE_UPLOAD_MAX_MB,
        "fields": FIELDS,
        "nomenclatures": _nomenclatures(),
    }
    return render(request, "web/offers/imports/upload.html", context)


def _nomenclatures():
    """(field label, [(code, label)]) of each field that takes a nomenclature, for the help."""
    by_key = {field.key: field for field in FIELDS}
    return [(by_key[key].label, list(nomenclature.choices)) for key, nomenclature in NOMENCLATURES.items()]


def _store(request, upload, organization):
    """Keep the file in the private storage and the import in the session; the file is read once
    here so that an unreadable one is refused on the upload form (and deleted)."""
    _sweep()
    key = uuid_module.uuid4()
    name = default_storage.save(f"{STORAGE_DIR}/{key}{Path(upload.name).suffix.lower()}", upload)
    try:
        sheet = _read(name)
    except SpreadsheetError:
        default_storage.delete(name)
        raise
    imports = request.session.get(SESSION_KEY, {})
    imports[str(key)] = {
        "file": name,
        "file_name": Path(upload.name).name[:255],
        "organization": organization.pk,
        "mapping": catalogue_import.guess_mapping(sheet.headers),
    }
    request.session[SESSION_KEY] = imports
    return key


def _sweep():
    """Delete the files of imports left unconfirmed for more than `KEEP_HOURS`."""
    if not default_storage.exists(STORAGE_DIR):
        return
    before = timezone.now() - datetime.timedelta(hours=KEEP_HOURS)
    for name in default_storage.listdir(STORAGE_DIR)[1]:
        path = f"{STORAGE_DIR}/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)


def _read(name):
    with default_storage.open(name, "rb") as stored:
        return catalogue_import.read(stored, file_name=name)


def _pending(request, uuid):
    """The import `uuid` of this session and its organisation, still open to the user; else 404."""
    organizations = importer_organizations(request.user)
    pending = request.session.get(SESSION_KEY, {}).get(str(uuid))
    if pending is None:
        raise Http404
    organization = organizations.filter(pk=pending["organization"]).first()
    if organization is None or not default_storage.exists(pending["file"]):
        _forget(request, uuid)
        raise Http404
    return pending, organization


def _forget(request, uuid):
    imports = request.session.get(SESSION_KEY, {})
    pending = imports.pop(str(uuid), None)
    request.session[SESSION_KEY] = imports
    if pending and default_storage.exists(pending["file"]):
        default_storage.delete(pending["file"])


@login_required
def offer_import_review(request, uuid):
    pending, organization = _pending(request, uuid)
    sheet = _read(pending["file"])
    if request.method == "POST":
        form = MappingForm(request.POST, headers=sheet.headers)
        if form.is_valid():
            imports = request.session[SESSION_KEY]
            imports[str(uuid)]["mapping"] = form.mapping()
            request.session[SESSION_KEY] = imports
            return redirect("web:offer_import_review", uuid=uuid)
    else:
        form = MappingForm(
            headers=sheet.headers, initial=MappingForm.initial_for(sheet.headers, pending["mapping"])
        )
    result, refusal = None, ""
    if not form.is_bound:
        try:
            result = catalogue_import.review(
                sheet, mapping=pending["mapping"], organization=organization, actor=request.user
            )
        except DomainError as error:
            refusal = error.message
    context = {
        "uuid": uuid,
        "pending": pending,
        "organization": organization,
        "form": form,
        "result": result,
        "refusal": refusal,
        "page": Paginator(result.rows if result else [], PAGE_SIZE).get_page(request.GET.get("page")),
        "action_labels": ACTION_LABELS,
        "row_count": len(sheet.rows),
        "read_columns": [(header, FIELDS_BY_KEY[key].label) for header, key in pending["mapping"].items()],
        "ignored_columns": [header for header in sheet.headers if header not in pending["mapping"]],
    }
    return render(request, "web/offers/imports/review.html", context)


@login_required
@require_POST
def offer_import_confirm(request, uuid):
    pending, organization = _pending(request, uuid)
    try:
        result = catalogue_import.import_catalogue(
            _read(pending["file"]), mapping=pending["mapping"], organization=organization, actor=request.user
        )
    except ImportRefused as refused:
        messages.error(request, refused.message)
        return redirect("web:offer_import_review", uuid=uuid)
    except DomainError as error:
        messages.error(request, f"Import impossible : {error.message}")
        return redirect("web:offer_import_review", uuid=uuid)
    _forget(request, uuid)
    counts = result.counts
    messages.success(
        request,
        f"Catalogue importé pour « {organization.name} » : {counts['create']} offre"
        f"{'s' if counts['create'] > 1 else ''} créée{'s' if counts['create'] > 1 else ''} en brouillon, "
        f"{counts['update']} mise{'s' if counts['update'] > 1 else ''} à jour. Le fichier a été supprimé.",
    )
    return redirect("web:partner_offers")


@login_required
@require_POST
def offer_import_cancel(request, uuid):
    _pending(request, uuid)
    _forget(request, uuid)
    messages.success(request, "Import abandonné : rien n'a été enregistré et le fichier a été supprimé.")
    return redirect("web:offer_import")


@login_required
def offer_import_template(request):
    """A CSV holding the header row the import reads back to every field (UTF-8 with its mark, for
    spreadsheet programs)."""
    if not can_import(request.user):
        raise PermissionDenied
    text = write_csv([catalogue_import.template_headers()])
    response = HttpResponse(text.encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-catalogue-offres.csv"'
    return response
