"""The filters of the orientation lists worked in batch (proposals, decisions, convocations). A
selection of "every result" posts the filter again, never the rows: the view recomputes them from
the same scoped queryset."""

import uuid

from django import forms

from pacte.organizations import perms as org_perms
from pacte.organizations.models import Organization
from pacte.pathways import perms
from pacte.pathways.enums import AppointmentKind, Track
from pacte.pathways.models import PreOrientationRule
from pacte.web.pathways.orientation.forms import DATE, AccessibleForm


class UUIDListField(forms.Field):
    """Checked UUIDs (of rows that the view then looks up in its own scoped queryset)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [uuid.UUID(item) for item in value or []]
        except (TypeError, ValueError, AttributeError):
            raise forms.ValidationError("La sélection n'est pas valide.") from None


def _organizations(codes):
    return Organization.objects.filter(departement_id__in=codes, is_active=True).order_by("name", "id")


class OrientationFilterForm(AccessibleForm):
    """Rule, territory, track and body of an orientation, within the départements the user orients."""

    regle = forms.ModelChoiceField(label="Règle", queryset=None, required=False, empty_label="Toutes")
    territoire = forms.ModelChoiceField(label="Territoire", queryset=None, required=False, empty_label="Tous")
    parcours = forms.ChoiceField(label="Parcours", choices=[("", "Tous"), *Track.choices], required=False)
    organisme = forms.ModelChoiceField(
        label="Organisme", queryset=None, required=False, empty_label="Tous", to_field_name="uuid"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        codes = org_perms.departements_for(user, *perms.ORIENTING_ROLES)
        self.fields["regle"].queryset = PreOrientationRule.objects.filter(
            departement_code__in=codes
        ).order_by("departement_code", "position", "id")
        self.fields["territoire"].queryset = org_perms.orienting_territories(user)
        self.fields["organisme"].queryset = _organizations(codes)

    def apply(self, orientations):
        """`orientations` narrowed by the filters; an invalid filter selects nothing (a crafted
        value out of the user's départements must not widen a batch)."""
        if not self.is_valid():
            return orientations.none()
        data = self.cleaned_data
        filters = {
            "rule": data["regle"],
            "person__dossier__territory": data["territoire"],
            "track": data["parcours"],
            "body": data["organisme"],
        }
        return orientations.filter(**{key: value for key, value in filters.items() if value})

    def query(self):
        """The filters as typed, to carry from page to page and into the batch POST."""
        return {name: self.data.get(name) for name in self.fields if self.data.get(name)}


class ProposalBatchForm(forms.Form):
    proposals = UUIDListField(required=False)
    everyone = forms.BooleanField(required=False)


class DecisionFilterForm(OrientationFilterForm):
    decidees_le = forms.DateField(label="Décidées le", required=False, widget=DATE)
    a_notifier = forms.BooleanField(label="Courrier pas encore imprimé", required=False)

    def apply(self, orientations):
        orientations = super().apply(orientations)
        if not self.is_valid():
            return orientations
        if self.cleaned_data["decidees_le"]:
            orientations = orientations.filter(decision_date=self.cleaned_data["decidees_le"])
        if self.cleaned_data["a_notifier"]:
            orientations = orientations.filter(notified_on=None)
        return orientations


class ConvocationFilterForm(AccessibleForm):
    """The coming appointments of a day, an organisation, a kind."""

    jour = forms.DateField(label="Jour", required=False, widget=DATE)
    structure = forms.ModelChoiceField(
        label="Structure", queryset=None, required=False, empty_label="Toutes", to_field_name="uuid"
    )
    type = forms.ChoiceField(label="Type", choices=[("", "Tous"), *AppointmentKind.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = _organizations(
            org_perms.departements_for(user, *perms.ORIENTING_ROLES)
        )

    def apply(self, appointments):
        if not self.is_valid():
            return appointments.none()
        data = self.cleaned_data
        if data["jour"]:
            appointments = appointments.filter(starts_at__date=data["jour"])
        if data["structure"]:
            appointments = appointments.filter(organization=data["structure"])
        if data["type"]:
            appointments = appointments.filter(kind=data["type"])
        return appointments

    def query(self):
        return {name: self.data.get(name) for name in self.fields if self.data.get(name)}
