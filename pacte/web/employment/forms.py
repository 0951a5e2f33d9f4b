"""Forms of the employment pages: they check the shape of what was typed; the services check the rules."""

from django import forms

from pacte.employment.enums import ContractType, InteractionKind, JobOfferStatus, SizeBracket
from pacte.employment.models import EMPLOYER_KINDS
from pacte.organizations.enums import OrganizationKind
from pacte.territory.models import Commune

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
EMPLOYER_KIND_CHOICES = [
    (value, label) for value, label in OrganizationKind.choices if value in EMPLOYER_KINDS
]
APPELLATION_HELP = (
    "Code OGR de l'appellation (par exemple 16250 pour « Maçon / Maçonne ») ou son libellé exact du ROME 4.0."
)


def _blank(choices, label="—"):
    return [("", label), *choices]


class CommuneField(forms.CharField):
    """A commune typed as its INSEE code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("help_text", "Code INSEE de la commune (5 caractères), par exemple 87085.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip().upper()
        if not value:
            return None
        commune = Commune.objects.filter(insee_code=value).first()
        if commune is None:
            raise forms.ValidationError(f"Commune inconnue : {value}.")
        return commune


class EmployerForm(forms.Form):
    departement = forms.ChoiceField(label="Département", choices=())
    name = forms.CharField(label="Nom de l'employeur", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=EMPLOYER_KIND_CHOICES, initial=OrganizationKind.EMPLOYER)
    siret = forms.CharField(label="SIRET", max_length=17, required=False, help_text="14 chiffres.")
    naf_code = forms.CharField(
        label="Code NAF", max_length=6, required=False, help_text="Format NN.NNX, par exemple 43.21A."
    )
    size_bracket = forms.ChoiceField(
        label="Tranche d'effectif (INSEE)", choices=_blank(SizeBracket.choices), required=False
    )
    address = forms.CharField(label="Adresse", max_length=250, required=False)
    commune = CommuneField(label="Commune", required=False)
    website = forms.CharField(label="Site internet", max_length=200, required=False)
    description = forms.CharField(label="Activité et besoins de recrutement", required=False, widget=TEXT)

    def __init__(self, *args, departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        if departements:
            self.fields["departement"].choices = [(code, code) for code in departements]
            if len(departements) == 1:
                self.fields["departement"].initial = departements[0]
                self.fields["departement"].widget = forms.HiddenInput()
        else:
            del self.fields["departement"]

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("departement", None)
        return data


class ContactForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=100, required=False)
    last_name = forms.CharField(label="Nom", max_length=100)
    job_title = forms.CharField(label="Fonction", max_length=150, required=False)
    email = forms.CharField(label="Courriel", max_length=254, required=False)
    phone = forms.CharField(label="Téléphone", max_length=20, required=False)


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label="Type d'échange", choices=_blank(InteractionKind.choices, "Choisir…"))
    day = forms.DateField(label="Date", widget=DATE)
    subject = forms.CharField(label="Objet", max_length=200)
    contact = forms.ChoiceField(label="Contact", required=False, choices=())
    notes = forms.CharField(label="Compte rendu", required=False, widget=TEXT)
    follow_up_on = forms.DateField(label="À relancer le", required=False, widget=DATE)

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {str(contact.uuid): contact for contact in contacts}
        self.fields["contact"].choices = _blank([(key, str(c)) for key, c in self.contacts.items()], "Aucun")

    def service_fields(self):
        data = dict(self.cleaned_data)
        data["contact"] = self.contacts.get(data["contact"])
        return data


class PositionForm(forms.Form):
    appellation = forms.CharField(label="Appellation ROME", max_length=250, help_text=APPELLATION_HELP)
    label = forms.CharField(label="Intitulé du poste", max_length=200, required=False)
    positions = forms.IntegerField(label="Nombre de postes", min_value=1, max_value=999, initial=1)
    weekly_hours = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=48, decimal_places=1, initial=26
    )
    contract_type = forms.ChoiceField(
        label="Contrat", choices=ContractType.choices, initial=ContractType.CDDI
    )
    commune = CommuneField(label="Commune du poste", required=False)


class JobOfferForm(forms.Form):
    title = forms.CharField(label="Intitulé de l'offre", max_length=200)
    appellation = forms.CharField(label="Appellation ROME", max_length=250, help_text=APPELLATION_HELP)
    commune = CommuneField(label="Commune du poste")
    contract_type = forms.ChoiceField(
        label="Type de contrat", choices=_blank(ContractType.choices, "Choisir…")
    )
    weekly_hours = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=48, decimal_places=1, initial=35
    )
    positions = forms.IntegerField(label="Nombre de postes", min_value=1, max_value=999, initial=1)
    opened_on = forms.DateField(label="Ouverte le", widget=DATE)
    external_reference = forms.CharField(
        label="Référence externe",
        max_length=50,
        required=False,
        help_text="Par exemple le numéro France Travail.",
    )
    description = forms.CharField(label="Description", required=False, widget=TEXT)


class JobOfferFilterForm(forms.Form):
    q = forms.CharField(label="Intitulé ou employeur", required=False)
    rome = forms.CharField(label="Code ROME", max_length=5, required=False)
    commune = forms.CharField(label="Commune (code INSEE)", max_length=5, required=False)
    status = forms.ChoiceField(label="Statut", choices=_blank(JobOfferStatus.choices, "Tous"), required=False)
    tension = forms.BooleanField(label="Métiers en tension seulement", required=False)


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label="Nom ou SIRET", required=False)
    kind = forms.ChoiceField(
        label="Type", choices=_blank(EMPLOYER_KIND_CHOICES, "Tous les types"), required=False
    )
