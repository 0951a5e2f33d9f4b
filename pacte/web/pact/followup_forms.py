"""The forms of the pact's follow-up: the yearly action report and its review, the action's
reporters, the steering committees (decisions, follow-up tasks) and the concertation events. They
check the shape; the services (`pacte.pact.reports`, `committees`, `services`) the rules."""

from django import forms

from pacte.organizations.models import Organization
from pacte.pact.enums import ConcertationKind, ProgressStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(rows=4):
    return forms.Textarea(attrs={"rows": rows})


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class ReportForm(forms.Form):
    progress_percent = forms.IntegerField(
        label="Avancement (%)",
        min_value=0,
        max_value=100,
        required=False,
        help_text="De 0 à 100. Laissez vide si vous indiquez seulement un état d'avancement.",
    )
    progress_status = forms.ChoiceField(
        label="État d'avancement", choices=[("", "—"), *ProgressStatus.choices], required=False
    )
    values = forms.CharField(
        label="Réalisations chiffrées",
        required=False,
        widget=_area(),
        help_text="Les chiffres de l'année : personnes accompagnées, sessions tenues, montants engagés…",
    )
    advances = forms.CharField(
        label="Avancées de l'année",
        required=False,
        widget=_area(5),
        help_text="Obligatoire pour transmettre.",
    )
    difficulties = forms.CharField(label="Difficultés rencontrées", required=False, widget=_area())
    next_steps = forms.CharField(label="Prochaines étapes", required=False, widget=_area())

    @staticmethod
    def initial_for(report):
        if report is None:
            return {}
        names = ("progress_percent", "progress_status", "values", "advances", "difficulties", "next_steps")
        return {name: getattr(report, name) for name in names}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("validate", "Valider le bilan"), ("return", "Renvoyer pour compléments")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Commentaire au rédacteur",
        required=False,
        widget=_area(3),
        help_text="Obligatoire pour renvoyer le bilan : dites ce qui manque.",
    )


class ReportersForm(forms.Form):
    reporters = UsersChoice(
        label="Rédacteur·rices du bilan annuel",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les contributeur·rices du pacte du département (référent·es thématiques, pilotes).",
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporters"].queryset = users


class CommitteeForm(forms.Form):
    held_on = forms.DateField(label="Date", widget=DATE)
    title = forms.CharField(label="Intitulé", max_length=250, initial="Comité de pilotage")
    agenda = forms.CharField(label="Ordre du jour", required=False, widget=_area())
    minutes = forms.CharField(label="Compte rendu", required=False, widget=_area(8))
    attendee_users = UsersChoice(
        label="Participant·es ayant un compte",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    attendee_organizations = forms.ModelMultipleChoiceField(
        label="Structures présentes",
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    other_attendees = forms.CharField(
        label="Autres participant·es",
        required=False,
        widget=_area(3),
        help_text="Les personnes et structures sans compte dans Pacte.",
    )

    def __init__(self, *args, users, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee_users"].queryset = users
        self.fields["attendee_organizations"].queryset = organizations

    @staticmethod
    def initial_for(committee):
        return {
            "held_on": committee.held_on,
            "title": committee.title,
            "agenda": committee.agenda,
            "minutes": committee.minutes,
            "attendee_users": [user.pk for user in committee.attendee_users.all()],
            "attendee_organizations": [org.pk for org in committee.attendee_organizations.all()],
            "other_attendees": committee.other_attendees,
        }


class DecisionForm(forms.Form):
    text = forms.CharField(label="Décision", widget=_area())
    action = forms.ModelChoiceField(label="Action concernée", queryset=None, required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions


class TaskForm(forms.Form):
    title = forms.CharField(label="Suite à donner", max_length=300)
    owner = UserChoice(label="Chargé·e de la suite", queryset=None)
    due_on = forms.DateField(label="Échéance", required=False, widget=DATE)
    decision = forms.ModelChoiceField(label="Décision dont elle découle", queryset=None, required=False)

    def __init__(self, *args, users, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["decision"].queryset = decisions


class ConcertationForm(forms.Form):
    kind = forms.ChoiceField(label="Nature", choices=[("", "—"), *ConcertationKind.choices])
    title = forms.CharField(label="Intitulé", max_length=250)
    held_on = forms.DateField(label="Date", required=False, widget=DATE)
    period = forms.CharField(
        label="Période",
        max_length=150,
        required=False,
        help_text="Si le temps s'étale : « janvier à mars 2022 ».",
    )
    meetings = forms.IntegerField(label="Nombre de réunions", min_value=0, required=False)
    attendees_count = forms.IntegerField(label="Nombre de participants", min_value=0, required=False)
    attendees = forms.CharField(label="Participants (structures, collèges)", required=False, widget=_area(3))
    contributions = forms.CharField(label="Contributions", required=False, widget=_area(6))

    @staticmethod
    def initial_for(event):
        names = (
            "kind",
            "title",
            "held_on",
            "period",
            "meetings",
            "attendees_count",
            "attendees",
            "contributions",
        )
        return {name: getattr(event, name) for name in names}
