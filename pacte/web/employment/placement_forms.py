"""Forms of the immersion, tutoring and social clause pages: they check the shape of what was
typed; the services check the rules."""

from django import forms

from pacte.employment.placement_enums import (
    Attendance,
    ImmersionNextStep,
    ImmersionObjective,
    SignatureParty,
    TutoringOutcome,
)
from pacte.web.employment.forms import APPELLATION_HELP, DATE, TEXT

NO_HEALTH = "Ne notez aucune information de santé ni de situation personnelle."
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


def _blank(choices, label="Choisir…"):
    return [("", label), *choices]


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects, by their UUID: `clean` returns the object (or None if not required)."""

    def __init__(self, *, objects=(), label_of=str, **kwargs):
        super().__init__(**kwargs)
        self.set_objects(objects, label_of)

    def set_objects(self, objects, label_of=str):
        self.objects = {str(obj.uuid): obj for obj in objects}
        self.choices = _blank([(key, label_of(obj)) for key, obj in self.objects.items()])

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(value) if value else None


class PersonIdentityForm(forms.Form):
    """The person, by name and birth date (or fixed by the page, `person` given)."""

    last_name = forms.CharField(label="Nom de la personne", max_length=60)
    first_name = forms.CharField(label="Prénom", max_length=60)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person is not None:
            for name in ("last_name", "first_name", "birth_date"):
                del self.fields[name]

    def identity(self):
        data = self.cleaned_data
        return {name: data[name] for name in ("last_name", "first_name", "birth_date")}


def _employer_label(employer):
    return employer.organization.name


class ImmersionForm(PersonIdentityForm):
    employer = ObjectChoiceField(label="Structure d'accueil")
    tutor_name = forms.CharField(label="Tuteur ou tutrice dans la structure", max_length=150)
    tutor_job_title = forms.CharField(label="Fonction du tuteur", max_length=150, required=False)
    prescriber_organization = ObjectChoiceField(label="Structure prescriptrice")
    appellation = forms.CharField(
        label="Métier observé (appellation ROME)", max_length=250, help_text=APPELLATION_HELP
    )
    objective = forms.ChoiceField(label="Objet de l'immersion", choices=_blank(ImmersionObjective.choices))
    starts_on = forms.DateField(label="Début", widget=DATE)
    ends_on = forms.DateField(label="Fin", widget=DATE, help_text="Un mois au plus.")
    weekly_hours = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=48, decimal_places=1, initial=35
    )
    activities = forms.CharField(label="Activités confiées", required=False, widget=TEXT)

    def __init__(self, *args, employers=(), organizations=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].set_objects(employers, _employer_label)
        if editing:
            del self.fields["prescriber_organization"]
        else:
            self.fields["prescriber_organization"].set_objects(organizations, lambda org: org.name)
            if len(organizations) == 1:
                self.fields["prescriber_organization"].initial = str(organizations[0].uuid)

    def service_fields(self):
        data = dict(self.cleaned_data)
        for name in ("last_name", "first_name", "birth_date"):
            data.pop(name, None)
        data["appellation"] = data["appellation"].strip()
        return data


class SignatureForm(forms.Form):
    party = forms.ChoiceField(label="Partie qui signe", choices=SignatureParty.choices)
    day = forms.DateField(label="Signée le", widget=DATE, required=False)


class EvaluationForm(forms.Form):
    skills_observed = forms.CharField(label="Compétences observées", widget=TEXT, help_text=NO_HEALTH)
    attendance = forms.ChoiceField(label="Assiduité", choices=_blank(Attendance.choices))
    next_step = forms.ChoiceField(label="Suite donnée", choices=_blank(ImmersionNextStep.choices))
    notes = forms.CharField(label="Bilan", required=False, widget=TEXT, help_text=NO_HEALTH)
    day = forms.DateField(label="Évaluée le", widget=DATE)


class CancelForm(forms.Form):
    reason = forms.CharField(label="Motif de l'annulation", max_length=250, help_text=NO_HEALTH)


class ImmersionFilterForm(forms.Form):
    q = forms.CharField(label="Personne ou structure", required=False)
    status = forms.ChoiceField(label="Statut", required=False, choices=())

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _blank(statuses, "Tous")


class TutoringForm(PersonIdentityForm):
    employer = ObjectChoiceField(label="Employeur")
    job_title = forms.CharField(label="Poste occupé", max_length=200)
    tutor_name = forms.CharField(label="Tuteur ou tutrice", max_length=150)
    tutor_organization = ObjectChoiceField(label="Structure du tuteur", required=False)
    started_on = forms.DateField(label="Début du tutorat", widget=DATE)
    planned_end_on = forms.DateField(
        label="Fin prévue", widget=DATE, help_text="Un an au plus après le début."
    )

    def __init__(self, *args, employers=(), organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].set_objects(employers, _employer_label)
        self.fields["tutor_organization"].set_objects(organizations, lambda org: org.name)
        self.fields["tutor_organization"].choices[0] = ("", "La structure de l'employeur")

    def service_fields(self):
        data = dict(self.cleaned_data)
        for name in ("last_name", "first_name", "birth_date"):
            data.pop(name, None)
        data["tutor_organization"] = data["tutor_organization"] or data["employer"].organization
        return data


class MeetingForm(forms.Form):
    held_on = forms.DateField(label="Date du point", widget=DATE)
    notes = forms.CharField(label="Compte rendu", widget=TEXT, help_text=NO_HEALTH)


class EndTutoringForm(forms.Form):
    ended_on = forms.DateField(label="Fin du tutorat", widget=DATE)
    outcome = forms.ChoiceField(label="Issue", choices=_blank(TutoringOutcome.choices))
    notes = forms.CharField(label="Commentaire", required=False, widget=TEXT, help_text=NO_HEALTH)


class ClauseForm(forms.Form):
    departement = forms.ChoiceField(label="Département", choices=())
    buyer_name = forms.CharField(
        label="Acheteur public", max_length=200, help_text="Collectivité, bailleur, établissement public…"
    )
    title = forms.CharField(label="Objet du marché", max_length=250)
    reference = forms.CharField(label="Référence du marché", max_length=50)
    holder = ObjectChoiceField(label="Titulaire du marché", required=False)
    starts_on = forms.DateField(label="Début d'exécution", widget=DATE)
    ends_on = forms.DateField(label="Fin d'exécution", widget=DATE)
    required_hours = forms.IntegerField(label="Heures d'insertion exigées", min_value=1, max_value=1_000_000)
    facilitator = ObjectChoiceField(label="Facilitateur ou facilitatrice", required=False)

    def __init__(self, *args, departements=(), employers=(), facilitators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].set_objects(employers, _employer_label)
        self.fields["facilitator"].set_objects(facilitators, lambda user: user.get_full_name() or user.email)
        if len(departements) > 1:
            self.fields["departement"].choices = [(code, code) for code in departements]
        else:
            del self.fields["departement"]

    def service_fields(self):
        data = dict(self.cleaned_data)
        data.pop("departement", None)
        return data


class ClauseHoursForm(PersonIdentityForm):
    month = forms.DateField(
        label="Mois",
        widget=MONTH,
        input_formats=["%Y-%m", "%Y-%m-%d", "%m/%Y"],
        help_text="Par exemple 2026-03.",
    )
    hours = forms.DecimalField(label="Heures réalisées", min_value=0.1, max_value=208, decimal_places=1)
    employer = ObjectChoiceField(label="Employeur (titulaire, sous-traitant, SIAE)", required=False)

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].set_objects(employers, _employer_label)
