"""Forms of the prescription pages: they check the shape of what was typed, the services the rules
(their `DomainError` comes back on the field it names)."""

from decimal import Decimal

from django import forms

from pacte.offers import enums
from pacte.offers.enums import AttendanceStatus, PrescriptionOutcome, PrescriptionStatus, RefusalReason
from pacte.referentials.enums import BarrierTheme
from pacte.web.offers.catalogue.forms import MAX_RADIUS_KM, _decimal, find_commune

DEFAULT_RADIUS_KM = 20
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ANY = [("", "Indifférent")]


def barrier_themes(health_allowed):
    """The themes of barrier a user may name: health ones only for the roles that read health data."""
    return [(value, label) for value, label in BarrierTheme.choices if health_allowed or value != "health"]


class PersonOfferSearchForm(forms.Form):
    """The search from a person's pathway: near their commune, for their diagnosed barriers."""

    commune = forms.CharField(
        label="Commune de départ",
        max_length=120,
        help_text="Nom ou code INSEE ; la commune du dossier de la personne par défaut.",
    )
    radius_km = forms.CharField(
        label="Rayon (km)",
        required=False,
        max_length=10,
        help_text=f"{DEFAULT_RADIUS_KM} km si vide, au plus {MAX_RADIUS_KM}.",
    )
    themes = forms.MultipleChoiceField(
        label="Besoins (freins du dernier diagnostic)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : toutes les offres.",
    )
    public = forms.ChoiceField(label="Public", required=False, choices=ANY + enums.Public.choices)
    mode = forms.ChoiceField(
        label="Mode d'accueil", required=False, choices=ANY + enums.ReceptionMode.choices
    )

    def __init__(self, *args, departements, health_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.departements = departements
        self.fields["themes"].choices = barrier_themes(health_allowed)

    def clean_commune(self):
        return find_commune(self.cleaned_data["commune"], self.departements)

    def clean_radius_km(self):
        text = (self.cleaned_data.get("radius_km") or "").strip()
        if not text:
            return float(DEFAULT_RADIUS_KM)
        radius = _decimal(text, "Le rayon doit être un nombre de kilomètres.")
        if not Decimal("0.1") <= radius <= MAX_RADIUS_KM:
            raise forms.ValidationError(f"Le rayon va de 0,1 à {MAX_RADIUS_KM} km.")
        return float(radius)


class PrescribeForm(forms.Form):
    session = forms.ChoiceField(label="Session", required=False)
    barrier_theme = forms.ChoiceField(label="Besoin auquel l'offre répond", required=False)
    motive = forms.CharField(
        label="Message à la structure",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=(
            "La structure lit ce message : dites ce qu'elle doit savoir pour recevoir la personne "
            "(disponibilités, attentes), sans aucun détail de santé ni de situation financière."
        ),
    )

    def __init__(self, *args, sessions, health_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {str(session.uuid): session for session in sessions}
        self.fields["session"].choices = [("", "Sans session précise (la structure propose une date)")] + [
            (key, session_label(session)) for key, session in self.sessions.items()
        ]
        self.fields["barrier_theme"].choices = [("", "Non précisé")] + barrier_themes(health_allowed)

    def clean_session(self):
        key = self.cleaned_data["session"]
        return self.sessions.get(key) if key else None


def session_label(session):
    label = f"du {session.start_date:%d/%m/%Y}"
    if session.end_date:
        label += f" au {session.end_date:%d/%m/%Y}"
    where = session.place or (session.commune.name if session.commune_id else "")
    if where:
        label += f", {where}"
    if session.capacity is not None:
        label += f" ({session.capacity} places)"
    return label


class NoteForm(forms.Form):
    """Accept or put on the waiting list, with an optional word to the prescriber."""

    answer_note = forms.CharField(label="Commentaire pour le prescripteur", required=False, max_length=1000)


class RefuseForm(forms.Form):
    refusal_reason = forms.ChoiceField(
        label="Motif du refus", choices=[("", "Choisissez un motif")] + RefusalReason.choices
    )
    answer_note = forms.CharField(
        label="Précision", required=False, max_length=1000, help_text="Obligatoire pour « Autre motif »."
    )


class StartForm(forms.Form):
    started_on = forms.DateField(label="Date d'entrée dans l'action", required=False, widget=DATE)


class EndForm(forms.Form):
    status = forms.ChoiceField(label="Fin de l'action")
    outcome = forms.ChoiceField(
        label="Résultat", choices=[("", "Choisissez un résultat")] + PrescriptionOutcome.choices
    )
    note = forms.CharField(label="Commentaire", required=False, max_length=1000)
    ended_on = forms.DateField(label="Date de sortie", required=False, widget=DATE)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        ends = [PrescriptionStatus.ABANDONED]
        if current == PrescriptionStatus.STARTED:
            ends.insert(0, PrescriptionStatus.COMPLETED)
        self.fields["status"].choices = [(status.value, status.label) for status in ends]


class AttendanceForm(forms.Form):
    day = forms.DateField(label="Jour", widget=DATE)
    status = forms.ChoiceField(label="Présence", choices=[("", "Choisissez")] + AttendanceStatus.choices)
    hours = forms.CharField(label="Heures", required=False, max_length=5, help_text="De 0 à 12, facultatif.")
    note = forms.CharField(label="Commentaire", required=False, max_length=250)


class ReceivedFilterForm(forms.Form):
    offer = forms.ChoiceField(label="Offre", required=False)
    status = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Toutes les prescriptions en cours")]
        + [(status.value, status.label) for status in enums.OPEN_PRESCRIPTION_STATUSES],
    )

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(offer.uuid): offer for offer in offers}
        self.fields["offer"].choices = [("", "Toutes les offres")] + [
            (key, offer.name) for key, offer in self.offers.items()
        ]

    def clean_offer(self):
        key = self.cleaned_data["offer"]
        return self.offers.get(key) if key else None
