"""Job offers imported from a CSV or XLSX file: the file is read and kept for review, every row
checked and shown; then imported all together, or abandoned."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pacte.beneficiaries.spreadsheet_files import read_sheet
from pacte.core.errors import DomainError
from pacte.employment import job_offer_import, perms
from pacte.employment.enums import ImportStatus
from pacte.employment.models import JobOfferImport
from pacte.web.employment.access import check, posted
from pacte.web.form_pages import add_domain_error
from pacte.web.imports.forms import check_upload


class ImportForm(forms.Form):
    departement = forms.ChoiceField(label="Département")
    file = forms.FileField(
        label="Fichier CSV ou XLSX", help_text="Une ligne par offre ; les colonnes sont décrites ci-dessous."
    )

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [(code, code) for code in departements]
        if len(departements) == 1:
            self.fields["departement"].initial = departements[0]
            self.fields["departement"].widget = forms.HiddenInput()

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], (".csv", ".xlsx"), "CSV ou XLSX")


def _review_url(entry):
    return reverse("web:employment_job_offer_import_review", kwargs={"uuid": entry.uuid})


@login_required
def import_upload(request):
    check(perms.can_manage_employers(request.user))
    form = ImportForm(
        posted(request), request.FILES or None, departements=perms.relations_departements(request.user)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_sheet(upload.file, file_name=upload.name)
            entry = job_offer_import.start(
                actor=request.user,
                departement_code=form.cleaned_data["departement"],
                filename=upload.name,
                headers=sheet.headers,
                rows=sheet.rows,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(_review_url(entry))
    context = {"form": form, "columns": job_offer_import.COLUMNS, "required": job_offer_import.REQUIRED}
    return render(request, "web/employment/import_upload.html", context)


def _entry(request, uuid):
    check(perms.can_manage_employers(request.user))
    return get_object_or_404(JobOfferImport.objects.visible_to(request.user), uuid=uuid)


@login_required
def import_review(request, uuid):
    entry = _entry(request, uuid)
    if request.method == "POST":
        try:
            summary = job_offer_import.apply(actor=request.user, entry=entry)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(_review_url(entry))
        messages.success(
            request,
            f"{summary['created']} offre(s) importée(s), {summary['skipped']} déjà présente(s) ignorée(s).",
        )
        return redirect("web:employment_job_offer_list")
    result = job_offer_import.review(entry) if entry.status == ImportStatus.REVIEW else None
    return render(request, "web/employment/import_review.html", {"entry": entry, "review": result})


@login_required
@require_POST
def import_cancel(request, uuid):
    entry = _entry(request, uuid)
    try:
        job_offer_import.cancel(actor=request.user, entry=entry)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_review_url(entry))
    messages.success(request, "L'import est abandonné : aucune offre n'a été créée.")
    return redirect("web:employment_job_offer_import")
