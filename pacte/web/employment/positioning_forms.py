"""Forms of the positioning pages: they check the shape of what was typed; the services check the rules."""

from django import forms

from pacte.employment.enums import ContractType
from pacte.employment.models import (
    MAX_CONTRACT_MONTHS,
    NotRetainedReason,
    PositioningProgramme,
    PositioningStatus,
)
from pacte.web.employment.forms import DATE, TEXT

DATE_ERRORS = {"invalid": "Saisissez une date valide (jj/mm/aaaa).", "required": "Indiquez la date."}


def _blank(choices, label="—"):
    return [("", label), *choices]


class ProposeForm(forms.Form):
    person = forms.UUIDField(widget=forms.HiddenInput)
    programme = forms.ChoiceField(
        label="Dispositif",
        choices=PositioningProgramme.choices,
        help_text="Le cadre du recrutement, pour compter les recrutements par dispositif.",
    )
    note = forms.CharField(
        label="Observations pour le suivi",
        required=False,
        widget=TEXT,
        help_text="Sans information de santé : les chargé·es de relations entreprises les lisent.",
    )


class InterviewForm(forms.Form):
    interview_on = forms.DateField(label="Date de l'entretien", widget=DATE, error_messages=DATE_ERRORS)
    note = forms.CharField(label="Observations", required=False, widget=TEXT)


class HireForm(forms.Form):
    hired_on = forms.DateField(
        label="Date d'embauche",
        widget=DATE,
        error_messages=DATE_ERRORS,
        help_text="Le premier jour du contrat.",
    )
    contract_type = forms.ChoiceField(
        label="Type de contrat",
        choices=_blank(ContractType.choices),
        error_messages={"required": "Choisissez le type de contrat."},
    )
    contract_months = forms.IntegerField(
        label="Durée du contrat (mois)",
        required=False,
        min_value=1,
        max_value=MAX_CONTRACT_MONTHS,
        help_text="Vide pour un CDI. Un CDI, un CDD ou une alternance de six mois ou plus enregistre la "
        "sortie du parcours vers l'emploi.",
        error_messages={
            "invalid": "Saisissez un nombre entier de mois.",
            "min_value": "La durée est d'au moins 1 mois.",
            "max_value": f"La durée est d'au plus {MAX_CONTRACT_MONTHS} mois.",
        },
    )


class NotRetainedForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif",
        choices=_blank(NotRetainedReason.choices),
        error_messages={"required": "Choisissez le motif."},
    )
    on = forms.DateField(label="Date de la réponse", widget=DATE, error_messages=DATE_ERRORS)
    note = forms.CharField(label="Observations", required=False, widget=TEXT)


class PositioningFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Statut", choices=_blank(PositioningStatus.choices, "Tous"), required=False
    )
