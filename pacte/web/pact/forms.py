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


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Intitulé", max_length=250)
    code = forms.CharField(
        label="Code", max_length=80, help_text="En minuscules, chiffres et tirets, unique dans le pacte."
    )
    definition = forms.CharField(label="Définition", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    unit = forms.CharField(label="Unité", max_length=40, initial="personnes")
    baseline = forms.CharField(label="Valeur de référence", max_length=20, required=False)
    baseline_year = forms.IntegerField(
        label="Année de référence", min_value=1990, max_value=2100, required=False
    )
    targets = forms.CharField(
        label="Cibles annuelles",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Une ligne par année : « 2024 : 120 ».",
    )
    source = forms.CharField(label="Source", max_length=250, required=False)
    action = forms.ModelChoiceField(label="Action mesurée", queryset=None, required=False)

    def __init__(self, *args, pact, **kwargs):
        super().__init__(*args, **kwargs)
        from pacte.pact.models import Action

        self.fields["action"].queryset = Action.objects.filter(objective__thematic__pact=pact).order_by(
            "objective__thematic__position", "objective__position", "position", "id"
        )

    def clean_targets(self):
        targets = {}
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            if not line.strip():
                continue
            year, separator, value = line.partition(":")
            if not separator or not year.strip().isdigit() or not value.strip():
                raise forms.ValidationError(
                    f"Ligne {number} : écrivez « année : cible », par exemple « 2024 : 120 »."
                )
            targets[year.strip()] = value.strip()
        return targets

    @staticmethod
    def initial_for(indicator):
        return {
            "name": indicator.name,
            "code": indicator.code,
            "definition": indicator.definition,
            "unit": indicator.unit,
            "baseline": "" if indicator.baseline is None else indicator.baseline,
            "baseline_year": indicator.baseline_year,
            "targets": "\n".join(f"{year} : {value:g}" for year, value in indicator.targets.items()),
            "source": indicator.source,
            "action": indicator.action_id,
        }
