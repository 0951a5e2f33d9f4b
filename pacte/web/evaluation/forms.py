import datetime

from django import forms

FIRST_YEAR = 2009
BREAKDOWN_CHOICES = [
    ("territoire", "Territoire d'action"),
    ("organisme", "Organisme d'orientation"),
    ("mois", "Mois"),
]


def default_year(today=None):
    """The last whole year: the one the survey asks about."""
    return (today or datetime.date.today()).year - 1


class EvaluationForm(forms.Form):
    """The filters of the evaluation pages (a GET form: nothing is written)."""

    departement = forms.ChoiceField(label="Département", required=False)
    annee = forms.IntegerField(
        label="Année",
        required=False,
        error_messages={
            "invalid": "L'année s'écrit en chiffres, par exemple 2025.",
            "min_value": f"L'année est {FIRST_YEAR} ou après.",
            "max_value": "Cette année n'a pas encore commencé.",
        },
    )
    date = forms.DateField(
        label="Date de référence",
        required=False,
        help_text="Par défaut, le 31 décembre de l'année.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "La date s'écrit jj/mm/aaaa."},
    )
    territoire = forms.ChoiceField(label="Territoire d'action", required=False)
    organisme = forms.ChoiceField(label="Organisme d'orientation", required=False)
    par = forms.ChoiceField(label="Ventiler par", required=False, choices=BREAKDOWN_CHOICES)

    def __init__(self, *args, departements, territories, bodies, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or datetime.date.today()
        self.fields["annee"].widget.attrs.update(
            {"min": FIRST_YEAR, "max": self.today.year, "placeholder": default_year(self.today)}
        )
        self.fields["departement"].choices = [(d.code, str(d)) for d in departements]
        self.fields["territoire"].choices = [
            ("", "Tous les territoires"),
            *((t.code, t.name) for t in territories),
        ]
        self.fields["organisme"].choices = [
            ("", "Tous les organismes"),
            *((str(o.uuid), o.name) for o in bodies),
        ]
        self.territories = {t.code: t for t in territories}
        self.bodies = {str(o.uuid): o for o in bodies}
        for name, what in (
            ("departement", "Ce département"),
            ("territoire", "Ce territoire"),
            ("organisme", "Cet organisme"),
            ("par", "Cette ventilation"),
        ):
            self.fields[name].error_messages["invalid_choice"] = f"{what} n'est pas dans la liste."

    def clean_annee(self):
        year = self.cleaned_data.get("annee")
        if year is None:
            return default_year(self.today)
        if year < FIRST_YEAR:
            raise forms.ValidationError(self.fields["annee"].error_messages["min_value"])
        if year > self.today.year:
            raise forms.ValidationError(self.fields["annee"].error_messages["max_value"])
        return year

    def clean(self):
        cleaned = super().clean()
        year, day = cleaned.get("annee"), cleaned.get("date")
        if year is not None and day is not None and day.year < year:
            self.add_error("date", "La date de référence ne peut pas précéder l'année choisie.")
        cleaned["territory"] = self.territories.get(cleaned.get("territoire") or "")
        cleaned["body"] = self.bodies.get(cleaned.get("organisme") or "")
        cleaned["par"] = cleaned.get("par") or "territoire"
        return cleaned

    @property
    def reference_date(self):
        return self.cleaned_data.get("date") or datetime.date(self.cleaned_data["annee"], 12, 31)
