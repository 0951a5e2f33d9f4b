"""Forms of the follow-up pages. They check the shape of what was typed; the services check the rules."""

import datetime
import uuid

from django import forms
from django.utils import timezone

from pacte.organizations.enums import OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.pathways.enums import (
    DEFAULT_WEEKLY_HOURS,
    AppointmentKind,
    EmploymentContractType,
    ExitKind,
    PlanItemStatus,
    Track,
)
from pacte.referentials.models import ExitReason

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def _date(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DATE, help_text=help_text)


class ContractForm(forms.Form):
    weekly_hours = forms.IntegerField(
        label="Heures d'activité par semaine",
        min_value=0,
        max_value=35,
        initial=DEFAULT_WEEKLY_HOURS,
        help_text=f"{DEFAULT_WEEKLY_HOURS} heures par défaut ; une autre durée demande un motif.",
    )
    hours_reason = forms.CharField(label="Motif de l'adaptation des heures", required=False, widget=TEXT)
    end_date = _date("Date de fin prévue", required=False)
    commitments = forms.CharField(label="Engagements réciproques", required=False, widget=TEXT)

    def clean(self):
        cleaned = super().clean()
        hours = cleaned.get("weekly_hours")
        if (
            hours is not None
            and hours != DEFAULT_WEEKLY_HOURS
            and not cleaned.get("hours_reason", "").strip()
        ):
            self.add_error(
                "hours_reason",
                f"Indiquez le motif : la durée d'activité est de {DEFAULT_WEEKLY_HOURS} heures par défaut.",
            )
        return cleaned


class DeleteForm(forms.Form):
    """A deletion asks for a confirmation only."""


class SignForm(forms.Form):
    signed_on = _date("Date de signature")


class RenewForm(ContractForm):
    signed_on = _date("Date de signature du renouvellement")
    field_order = ["signed_on", "weekly_hours", "hours_reason", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["commitments"]


class EndForm(forms.Form):
    end_date = _date("Date de fin")


class PlanItemForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=TEXT)
    due_date = _date("Échéance", required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=PlanItemStatus.choices)


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label="Type de rendez-vous", choices=AppointmentKind.choices)
    day = _date("Date")
    time = forms.TimeField(label="Heure", widget=TIME)
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=480, initial=45)
    place = forms.CharField(label="Lieu", max_length=250)
    purpose = forms.CharField(label="Objet", max_length=250, required=False)

    def starts_at(self):
        moment = datetime.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"])
        return timezone.make_aware(moment)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label="Présence",
        choices=[("seen", "Honoré"), ("excused", "Absence excusée"), ("absent", "Absent·e")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Observations", required=False, widget=TEXT)


class CancelForm(forms.Form):
    note = forms.CharField(label="Motif de l'annulation", required=False, widget=TEXT)


def _marked(choices, current, empty):
    """The choices after an empty one (nothing preselected), the current orientation's one said so."""
    return [
        ("", empty),
        *(
            (value, f"{label} (orientation actuelle)" if value == current else label)
            for value, label in choices
        ),
    ]


class ReorientationForm(forms.Form):
    reason = forms.CharField(label="Motif de la demande", widget=TEXT)
    proposed_track = forms.ChoiceField(label="Parcours proposé")
    proposed_body_kind = forms.ChoiceField(label="Type d'organisme proposé")
    proposed_body = forms.ModelChoiceField(
        label="Organisme proposé",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="Laisser l'agent d'orientation choisir",
    )

    def __init__(self, *args, departement_code, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_track"].choices = _marked(
            Track.choices, current and current.track, "Choisir un parcours"
        )
        self.fields["proposed_body_kind"].choices = _marked(
            OrientationBodyKind.choices, current and current.body_kind, "Choisir un type d'organisme"
        )
        self.fields["proposed_body"].queryset = Organization.objects.filter(
            departement_id=departement_code, is_active=True
        ).order_by("name", "id")


class ExitForm(forms.Form):
    kind = forms.ChoiceField(label="Type de sortie", choices=ExitKind.choices)
    employment_contract_type = forms.ChoiceField(
        label="Type de contrat de travail",
        choices=[("", "—"), *EmploymentContractType.choices],
        required=False,
        help_text="Pour une sortie vers l'emploi seulement.",
    )
    reason = forms.ModelChoiceField(
        label="Motif", queryset=ExitReason.objects.order_by("category", "position", "code"), required=False
    )
    exit_date = _date("Date de sortie")
    note = forms.CharField(label="Observations", required=False, widget=TEXT)

    def clean(self):
        cleaned = super().clean()
        kind, contract_type = cleaned.get("kind"), cleaned.get("employment_contract_type")
        if kind == ExitKind.EMPLOYMENT and not contract_type:
            self.add_error("employment_contract_type", "Indiquez le type de contrat de travail.")
        if kind and kind != ExitKind.EMPLOYMENT and contract_type:
            self.add_error("employment_contract_type", "Seule une sortie vers l'emploi a un type de contrat.")
        reason = cleaned.get("reason")
        if kind and reason is not None and reason.category != kind:
            self.add_error("reason", "Ce motif ne correspond pas au type de sortie.")
        return cleaned


class ReferentForm(forms.Form):
    membership = forms.ModelChoiceField(label="Référent·e unique", queryset=None, empty_label=None)
    start_date = _date("Date de la désignation")

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: f"{m.user} – {m.organization}"


class TransferForm(ReferentForm):
    persons = forms.MultipleChoiceField(
        label="Personnes à transférer",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : tout le portefeuille est transféré, après confirmation.",
    )

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].label = "Transférer vers"
        self.fields["start_date"].label = "Date du transfert"
        self.fields["persons"].choices = [(str(p.uuid), f"{p.last_name} {p.first_name}") for p in persons]


class ObjectiveForm(PlanItemForm):
    """The objective form shown inside the action plan of the pathway page."""

    prefix = "objectif"


class InboxFilterForm(forms.Form):
    """The filter of an inbox: the selection "every result" assigns is this filter's."""

    territoire = forms.ModelChoiceField(label="Territoire", queryset=None, required=False, empty_label="Tous")
    parcours = forms.ChoiceField(label="Parcours", choices=[("", "Tous"), *Track.choices], required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = organization.departement.territories.order_by("name", "id")

    def apply(self, persons):
        """`persons` narrowed by the valid filters (an invalid one filters nothing)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("territoire"):
            persons = persons.filter(dossier__territory=data["territoire"])
        if data.get("parcours"):
            persons = persons.filter(track=data["parcours"])
        return persons

    def query(self):
        """The valid filters, as audited and carried from page to page."""
        data = self.cleaned_data if self.is_valid() else {}
        territory = data.get("territoire")
        return {"territoire": territory.pk if territory else "", "parcours": data.get("parcours", "")}


class UUIDListField(forms.Field):
    """Checked UUIDs (of rows that the view then looks up in its own scoped queryset)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [uuid.UUID(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("La sélection n'est pas valide.") from None


class InboxAssignForm(forms.Form):
    membership = forms.ModelChoiceField(label="Référent·e unique", queryset=None, empty_label=None)
    persons = UUIDListField(required=False)
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships
        self.fields["membership"].label_from_instance = lambda m: str(m.user)
