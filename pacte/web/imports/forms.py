import unicodedata
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied

from pacte.beneficiaries.models import SpreadsheetMapping
from pacte.beneficiaries.spreadsheet_read import COLUMNS, check_mapping
from pacte.organizations import perms
from pacte.territory.models import Departement

CAF_SUFFIXES = (".xml", ".gz")
SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


def departement_choices(user):
    """The départements where `user` runs imports, as choices; PermissionDenied for the roles that
    run none."""
    if not perms.can_run_imports(user):
        raise PermissionDenied
    return [(departement.code, str(departement)) for departement in Departement.objects.visible_to(user)]


def check_upload(upload, suffixes, kinds):
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(
            f"Déposez un fichier {kinds} : « {Path(upload.name).name} » n'en est pas un."
        )
    limit = settings.PACTE_UPLOAD_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise forms.ValidationError(f"Le fichier dépasse la taille maximale de {limit} Mo.")
    if not upload.size:
        raise forms.ValidationError("Le fichier est vide.")
    return upload


class DepartementFileForm(forms.Form):
    departement = forms.ChoiceField(label="Département")

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = departements
        if len(departements) == 1:
            self.fields["departement"].initial = departements[0][0]


class CafUploadForm(DepartementFileForm):
    file = forms.FileField(
        label="Fichier CAF ou MSA",
        help_text="Fichier VRSB0801 (mensuel) ou VRSD0301 (quotidien), au format .xml ou compressé en .gz.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.gz"}),
    )

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], CAF_SUFFIXES, ".xml ou .gz")


class SpreadsheetUploadForm(DepartementFileForm):
    file = forms.FileField(
        label="Tableur des bénéficiaires",
        help_text="Fichier CSV (séparateur détecté) ou XLSX ; la première ligne porte les noms des colonnes.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mapping = forms.ModelChoiceField(
        label="Modèle de correspondance des colonnes",
        queryset=SpreadsheetMapping.objects.none(),
        required=False,
        empty_label="Aucun : je choisirai les colonnes",
    )

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], SPREADSHEET_SUFFIXES, "CSV ou XLSX")

    def clean(self):
        cleaned = super().clean()
        mapping, departement = cleaned.get("mapping"), cleaned.get("departement")
        if mapping and departement and mapping.departement_code != departement:
            self.add_error("mapping", "Ce modèle appartient à un autre département.")
        return cleaned


def _simplified(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(char for char in text if char.isalnum())


def guess_columns(headers):
    """A first mapping for a new file: headers named like our fields (accents and case ignored)."""
    by_name = {_simplified(header): header for header in headers}
    guessed = {}
    for column in COLUMNS:
        for name in (column.key, column.label, column.label.split(" (")[0]):
            if _simplified(name) in by_name:
                guessed[column.key] = by_name[_simplified(name)]
                break
    return guessed


class ColumnsForm(forms.Form):
    """One choice per field of ours: which column of the file holds it."""

    save_as = forms.CharField(
        label="Enregistrer cette correspondance sous le nom",
        help_text="Facultatif : pour la réutiliser avec les prochains fichiers de la même source.",
        max_length=150,
        required=False,
    )

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", "— absente du fichier —"), *((header, header) for header in headers)]
        for column in COLUMNS:
            self.fields[f"col_{column.key}"] = forms.ChoiceField(
                label=column.label, choices=choices, required=False
            )
        self.order_fields([f"col_{column.key}" for column in COLUMNS] + ["save_as"])

    @property
    def column_fields(self):
        return [self[f"col_{column.key}"] for column in COLUMNS]

    def clean(self):
        cleaned = super().clean()
        for error in check_mapping(self.columns(), self.headers):
            self.add_error(None, error)
        return cleaned

    def columns(self):
        return {
            column.key: self.cleaned_data[f"col_{column.key}"]
            for column in COLUMNS
            if self.cleaned_data.get(f"col_{column.key}")
        }
