from django import forms

from pacte.offers.coverage import DEFAULT_DISTANCE_KM, MAX_DISTANCE_KM, MIN_DISTANCE_KM

DISTANCE_ERRORS = {
    "invalid": "La distance est un nombre entier de kilomètres.",
    "min_value": f"La distance est d'au moins {MIN_DISTANCE_KM} km.",
    "max_value": f"La distance est d'au plus {MAX_DISTANCE_KM} km.",
}


class CoverageForm(forms.Form):
    """The département, the distance and the theme of the coverage (a GET form: nothing is written)."""

    departement = forms.ChoiceField(label="Département", required=False)
    distance = forms.IntegerField(
        label="Distance (km)",
        min_value=MIN_DISTANCE_KM,
        max_value=MAX_DISTANCE_KM,
        required=False,
        error_messages=DISTANCE_ERRORS,
        help_text=f"De {MIN_DISTANCE_KM} à {MAX_DISTANCE_KM} km, à vol d'oiseau depuis le centre de la commune.",
    )
    theme = forms.ChoiceField(label="Frein", required=False)

    def __init__(self, *args, departements, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [(d.code, str(d)) for d in departements]
        self.fields["theme"].choices = [("", "Tous les freins"), *((t.value, t.label) for t in themes)]
        self.fields["distance"].widget.attrs.update(
            {"min": MIN_DISTANCE_KM, "max": MAX_DISTANCE_KM, "step": 1, "placeholder": DEFAULT_DISTANCE_KM}
        )
        self.fields["theme"].error_messages["invalid_choice"] = "Ce frein n'est pas dans la liste."
        self.fields["departement"].error_messages["invalid_choice"] = (
            "Ce département n'est pas dans la liste."
        )

    def clean_distance(self):
        distance = self.cleaned_data.get("distance")
        return DEFAULT_DISTANCE_KM if distance is None else distance
