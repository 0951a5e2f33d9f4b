"""Forms of the invitation pages: the shape of what was typed; the services check the rules."""

import datetime

from django import forms
from django.utils import timezone

from pacte.invitations.enums import Channel, InvitationKind
from pacte.invitations.models import InvitationPolicy
from pacte.invitations.wording import VARIABLES
from pacte.web.pathways.followup.forms import DATE, TIME

VARIABLES_HELP = (
    "Variables : " + ", ".join(f"{{{name}}} ({label})" for name, label in VARIABLES.items()) + "."
)


class InvitationForm(forms.Form):
    kind = forms.ChoiceField(label="Rendez-vous", choices=InvitationKind.choices, widget=forms.RadioSelect)
    channels = forms.MultipleChoiceField(
        label="Envoyer par", widget=forms.CheckboxSelectMultiple, required=False
    )
    day_1 = forms.DateField(label="Créneau 1 : date", widget=DATE)
    time_1 = forms.TimeField(label="Créneau 1 : heure", widget=TIME)
    day_2 = forms.DateField(label="Créneau 2 : date", widget=DATE, required=False)
    time_2 = forms.TimeField(label="Créneau 2 : heure", widget=TIME, required=False)
    day_3 = forms.DateField(label="Créneau 3 : date", widget=DATE, required=False)
    time_3 = forms.TimeField(label="Créneau 3 : heure", widget=TIME, required=False)
    place = forms.CharField(label="Lieu", max_length=250)
    duration_minutes = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=480, initial=45)

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].choices = [(channel, Channel(channel).label) for channel in channels]
        self.fields[
            "channels"
        ].help_text = (
            "Sans choix, l'invitation part par courriel et SMS si la personne en a, sinon par courrier."
        )

    def clean(self):
        cleaned = super().clean()
        for index in (2, 3):
            day, time = cleaned.get(f"day_{index}"), cleaned.get(f"time_{index}")
            if bool(day) != bool(time):
                self.add_error(
                    f"time_{index}" if day else f"day_{index}", "Indiquez la date et l'heure du créneau."
                )
        return cleaned

    def slots(self):
        slots = []
        for index in (1, 2, 3):
            day, time = self.cleaned_data.get(f"day_{index}"), self.cleaned_data.get(f"time_{index}")
            if day and time:
                slots.append(timezone.make_aware(datetime.datetime.combine(day, time)))
        return slots


class TemplateForm(forms.Form):
    subject = forms.CharField(label="Objet du courriel", max_length=200, required=False)
    body = forms.CharField(label="Texte", widget=forms.Textarea(attrs={"rows": 8}), help_text=VARIABLES_HELP)

    def __init__(self, *args, channel, length="", **kwargs):
        super().__init__(*args, **kwargs)
        if channel != Channel.EMAIL:
            del self.fields["subject"]
        if channel == Channel.SMS:
            self.fields["body"].help_text = (
                f"{VARIABLES_HELP} Un SMS compte 160 caractères (70 avec un caractère hors de l'alphabet SMS, "
                f"comme « œ » ou « ê ») ; au-delà, il part en plusieurs parties, 3 au plus. "
                f"Ce texte, variables remplies : {length}."
            )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = InvitationPolicy
        fields = ["expiry_days"]
        widgets = {"expiry_days": forms.NumberInput(attrs={"min": 2, "max": 60})}


class SlotForm(forms.Form):
    slot = forms.ChoiceField(label="Choisissez votre rendez-vous", widget=forms.RadioSelect)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.isoformat(), label) for slot, label in slots]
