"""The direction's forms on a pact: they check the shape, the services (`pacte.pact.services`) the
rules; a refusal comes back on its field and the form keeps what was typed."""

from django import forms

from pacte.organizations.models import Organization
from pacte.pact.enums import FundingSource

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _organizations(departement_id):
    return Organization.objects.filter(departement_id=departement_id, is_active=True).order_by("name", "id")


class ThematicForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(
        label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    referent_name = forms.CharField(label="Référent·e thématique", max_length=150, required=False)
    referent_organization = forms.ModelChoiceField(
        label="Structure du référent", queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent_organization"].queryset = _organizations(pact.departement_id)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(
        label="Précisions", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActionForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=300)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    pilot = forms.ModelChoiceField(
        label="Structure pilote", queryset=Organization.objects.none(), required=False
    )
    pilot_name = forms.CharField(
        label="Pilote hors de Pacte",
        max_length=250,
        required=False,
        help_text="Si la structure pilote n'a pas de compte dans Pacte.",
    )
    partners = forms.ModelMultipleChoiceField(
        label="Structures partenaires",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    partner_names = forms.CharField(
        label="Autres partenaires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Un par ligne : les partenaires qui n'ont pas de compte dans Pacte.",
    )
    referent_name = forms.CharField(label="Référent·e de l'action", max_length=150, required=False)
    start_date = forms.DateField(label="Début", required=False, widget=DATE)
    end_date = forms.DateField(label="Fin", required=False, widget=DATE)
    calendar = forms.CharField(label="Calendrier", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = _organizations(pact.departement_id)
        self.fields["pilot"].queryset = organizations
        self.fields["partners"].queryset = organizations

    def action_fields(self):
        data = dict(self.cleaned_data)
        data["partner_names"] = [line.strip() for line in data["partner_names"].splitlines() if line.strip()]
        return data

    @staticmethod
    def initial_for(action):
        return {
            "title": action.title,
            "description": action.description,
            "pilot": action.pilot_id,
            "pilot_name": action.pilot_name,
            "partners": [org.pk for org in action.partners.all()],
            "partner_names": "\n".join(action.partner_names),
            "referent_name": action.referent_name,
            "start_date": action.start_date,
            "end_date": action.end_date,
            "calendar": action.calendar,
        }


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label="Année", min_value=1990, max_value=2100)
    label = forms.CharField(label="Objet", max_length=250)
    amount = forms.CharField(label="Montant (€)", max_length=20)
    funding_source = forms.ChoiceField(label="Financement", choices=[("", "—"), *FundingSource.choices])
    funding_detail = forms.CharField(label="Précisions sur le financement", max_length=250, required=False)


class SignatoryForm(forms.Form):
    name = forms.CharField(label="Signataire", max_length=250)
    organization = forms.ModelChoiceField(
        label="Structure dans Pacte", queryset=Organization.objects.none(), required=False
    )
    commitment = forms.CharField(
        label="Engagements", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations(pact.departement_id)


class IndicatorValueForm(forms.Form):
    year = forms.IntegerField(label="Année mesurée", min_value=1990, max_value=2100)
    value = forms.CharField(label="Valeur", max_length=20)
    approximate = forms.BooleanField(label="Valeur approchée", required=False)
    dated = forms.DateField(label="Valeur connue le", widget=DATE)
    note = forms.CharField(label="Précision", max_length=500, required=False)


class AdoptForm(forms.Form):
    on = forms.DateField(label="Date du vote de l'assemblée départementale", widget=DATE)
