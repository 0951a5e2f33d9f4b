"""The forms of the catalogue import: the file and its organisation, then the columns."""

from django import forms

from pacte.offers.catalogue_import import FIELDS, check_mapping
from pacte.organizations.models import Organization
from pacte.web.imports.forms import SPREADSHEET_SUFFIXES, check_upload

IGNORED = ""


class UploadForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Structure qui propose ces offres",
        queryset=Organization.objects.none(),
        empty_label=None,
        help_text="Les offres du fichier sont créées (en brouillon) ou mises à jour pour cette structure.",
    )
    file = forms.FileField(
        label="Catalogue d'offres",
        help_text="Fichier CSV (séparateur ; , ou tabulation, UTF-8 ou Windows-1252) ou XLSX ; la première "
        "ligne porte les noms des colonnes.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_file(self):
        return check_upload(self.cleaned_data["file"], SPREADSHEET_SUFFIXES, "CSV ou XLSX")


class MappingForm(forms.Form):
    """One choice per column of the file: the offer's field it fills, or none."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [(IGNORED, "— ne pas importer —"), *((field.key, field.label) for field in FIELDS)]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=f"Colonne « {header} »", choices=choices, required=False
            )

    @staticmethod
    def initial_for(headers, mapping):
        return {f"col_{index}": mapping.get(header, IGNORED) for index, header in enumerate(headers)}

    def mapping(self):
        return {
            header: self.cleaned_data[f"col_{index}"]
            for index, header in enumerate(self.headers)
            if self.cleaned_data.get(f"col_{index}")
        }

    def clean(self):
        cleaned = super().clean()
        for error in check_mapping(self.mapping(), self.headers):
            self.add_error(None, error)
        return cleaned
