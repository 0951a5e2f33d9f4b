"""Forms of the orientation pages. They only check input; the services check the domain."""

from django import forms
from django.utils import timezone

from pacte.core.errors import DomainError
from pacte.organizations.enums import OrientationBodyKind, Role
from pacte.organizations.models import Organization, User
from pacte.pathways.enums import (
    BarrierLevel,
    EducationLevel,
    JobProjection,
    ProfessionalSituation,
    RuleCondition,
    TeamCaseKind,
    TeamDecision,
    Track,
)
from pacte.pathways.services.common import check_not_future
from pacte.pathways.services.teams import DECISIONS_BY_KIND
from pacte.referentials.enums import BarrierTheme
from pacte.referentials.models import Barrier, RomeCode

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEAM_MEMBER_ROLES = [Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT, Role.PARTNER]
PROPOSAL_FILTERS = [
    ("", "Toutes"),
    ("proposed", "Avec une proposition"),
    ("not_proposed", "Sans proposition"),
]


class AccessibleForm(forms.Form):
    """Inputs in error say so to assistive technologies, and point to their message."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_error"


def _date_field(label, required=True, initial=None):
    return forms.DateField(label=label, required=required, widget=DATE, initial=initial)


class QueueFilterForm(AccessibleForm):
    territory = forms.ModelChoiceField(label="Territoire", queryset=None, required=False, empty_label="Tous")
    proposal = forms.ChoiceField(label="Pré-orientation", choices=PROPOSAL_FILTERS, required=False)
    overdue = forms.BooleanField(label="Délai dépassé seulement", required=False)

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories

    def filters(self):
        """(territory, proposal filter, overdue only), empty when the input does not validate."""
        if not self.is_valid():
            return None, "", False
        data = self.cleaned_data
        return data["territory"], data["proposal"], data["overdue"]


class DiagnosticForm(AccessibleForm):
    made_on = _date_field("Date du diagnostic")
    professional_situation = forms.ChoiceField(
        label="Situation professionnelle", choices=ProfessionalSituation.choices, widget=forms.RadioSelect
    )
    last_employment_end = _date_field("Fin du dernier emploi", required=False)
    education_level = forms.ChoiceField(
        label="Niveau de formation", choices=[("", "Choisir un niveau"), *EducationLevel.choices]
    )
    job_projection = forms.ChoiceField(
        label="Capacité à se projeter dans un emploi",
        choices=[("", "Non renseignée"), *JobProjection.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    projects = forms.ModelMultipleChoiceField(
        label="Projets professionnels (ROME)", queryset=RomeCode.objects.order_by("code"), required=False
    )
    barriers = forms.ModelMultipleChoiceField(label="Freins périphériques", queryset=None, required=False)
    notes = forms.CharField(label="Observations", widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, show_health, **kwargs):
        super().__init__(*args, **kwargs)
        barriers = Barrier.objects.filter(is_active=True).order_by("theme", "position", "code")
        if not show_health:
            barriers = barriers.exclude(theme=BarrierTheme.HEALTH)
        self.fields["barriers"].queryset = barriers
        self.fields["made_on"].initial = timezone.localdate()
        self.offered = list(barriers)
        for barrier in self.offered:
            # A level for each barrier offered; only those of the checked barriers are kept.
            self.fields[self.level_name(barrier)] = forms.ChoiceField(
                label=f"Niveau du frein « {barrier.label} »",
                choices=BarrierLevel.choices,
                initial=BarrierLevel.MEDIUM,
                required=False,
            )

    @staticmethod
    def level_name(barrier):
        return f"level-{barrier.pk}"

    @staticmethod
    def initial_levels(links):
        return {f"level-{link.barrier_id}": link.level for link in links}

    def levels(self):
        """{barrier: level} of the checked barriers (a level left empty is a medium barrier)."""
        return {
            barrier: self.cleaned_data.get(self.level_name(barrier)) or BarrierLevel.MEDIUM
            for barrier in self.cleaned_data["barriers"]
        }

    def clean_last_employment_end(self):
        """An employment that has ended, so not in the future (the API checks the same)."""
        day = self.cleaned_data["last_employment_end"]
        if day is not None:
            try:
                check_not_future(day, "de fin du dernier emploi")
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return day

    def barrier_groups(self):
        """[(theme, theme label, [(barrier, checked, level field)])] in the nomenclature's order."""
        chosen = {str(value) for value in (self["barriers"].value() or [])}
        groups = {}
        for barrier in self.offered:
            item = (barrier, barrier.code in chosen, self[self.level_name(barrier)])
            groups.setdefault(barrier.theme, []).append(item)
        labels = dict(BarrierTheme.choices)
        return [(theme, labels[theme], items) for theme, items in groups.items()]

    def chosen_projects(self):
        codes = [str(value) for value in (self["projects"].value() or [])]
        return list(RomeCode.objects.filter(code__in=codes).order_by("code"))


class DecisionForm(AccessibleForm):
    track = forms.ChoiceField(label="Parcours", choices=Track.choices, widget=forms.RadioSelect)
    body_kind = forms.ChoiceField(
        label="Type d'organisme", choices=[("", "Choisir un type"), *OrientationBodyKind.choices]
    )
    body = forms.ModelChoiceField(label="Organisme", queryset=None, empty_label="Choisir un organisme")
    decision_date = _date_field("Date de décision")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organization.objects.filter(pk__in=[b.pk for b in bodies]).order_by(
            "name", "id"
        )
        self.fields["decision_date"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        body, kind = cleaned.get("body"), cleaned.get("body_kind")
        if body and kind and body.orientation_body_kind != kind:
            self.add_error(
                "body", f"{body} n'est pas un organisme de type « {OrientationBodyKind(kind).label} »."
            )
        return cleaned


class ValidateProposalForm(AccessibleForm):
    body = forms.ModelChoiceField(
        label="Organisme", queryset=None, required=False, empty_label="Celui proposé"
    )
    decision_date = _date_field("Date de décision")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organization.objects.filter(pk__in=[b.pk for b in bodies]).order_by(
            "name", "id"
        )
        self.fields["decision_date"].initial = timezone.localdate()


class RefuseForm(AccessibleForm):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 3}))


class CohortForm(AccessibleForm):
    decision_date = _date_field("Date de décision pour la sélection")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_date"].initial = timezone.localdate()


class RuleForm(AccessibleForm):
    departement = forms.ChoiceField(label="Département")
    label = forms.CharField(label="Libellé", max_length=150)
    condition = forms.ChoiceField(label="Condition", choices=[("", "Choisir"), *RuleCondition.choices])
    min_age = forms.IntegerField(label="Âge minimum", required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label="Âge maximum", required=False, min_value=0, max_value=120)
    months = forms.IntegerField(label="Nombre de mois (activité récente)", required=False, min_value=1)
    track = forms.ChoiceField(label="Parcours proposé", choices=Track.choices, widget=forms.RadioSelect)
    body_kind = forms.ChoiceField(
        label="Type d'organisme proposé", choices=[("", "Choisir"), *OrientationBodyKind.choices]
    )
    body = forms.ModelChoiceField(
        label="Organisme proposé",
        queryset=None,
        required=False,
        empty_label="Le plus proche du type choisi",
        help_text="Sans organisme nommé, celui du territoire de la personne est proposé.",
    )
    is_active = forms.BooleanField(label="Règle active", required=False, initial=True)

    def __init__(self, *args, departements, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = departements
        self.fields["body"].queryset = Organization.objects.filter(pk__in=[b.pk for b in bodies]).order_by(
            "name", "id"
        )

    def params(self):
        data = self.cleaned_data
        if data["condition"] == RuleCondition.AGE_RANGE:
            return {key: data[key] for key in ("min_age", "max_age") if data.get(key) is not None}
        if data["condition"] == RuleCondition.RECENT_WORK and data.get("months"):
            return {"months": data["months"]}
        return {}

    @staticmethod
    def initial_for(rule):
        params = rule.params or {}
        return {
            "departement": rule.departement_code,
            "label": rule.label,
            "condition": rule.condition,
            "min_age": params.get("min_age"),
            "max_age": params.get("max_age"),
            "months": params.get("months"),
            "track": rule.track,
            "body_kind": rule.body_kind,
            "body": rule.body_id,
            "is_active": rule.is_active,
        }


class ReorientationDecisionForm(AccessibleForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accept", "Accepter la réorientation"), ("reject", "Refuser la demande")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Motif de la décision", widget=forms.Textarea(attrs={"rows": 3}))
    track = forms.ChoiceField(
        label="Parcours retenu (si acceptée)", choices=[("", "Celui demandé"), *Track.choices], required=False
    )
    body = forms.ModelChoiceField(
        label="Organisme (si acceptée)",
        queryset=None,
        required=False,
        empty_label="Celui demandé ou le plus proche",
    )
    decision_date = _date_field("Date de décision")

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Organization.objects.filter(pk__in=[b.pk for b in bodies]).order_by(
            "name", "id"
        )
        self.fields["decision_date"].initial = timezone.localdate()


class TeamSessionForm(AccessibleForm):
    departement = forms.ChoiceField(label="Département")
    held_on = _date_field("Date de la séance")
    territory = forms.ModelChoiceField(
        label="Territoire", queryset=None, required=False, empty_label="Tout le département"
    )
    place = forms.CharField(label="Lieu", max_length=250, required=False)
    members = forms.ModelMultipleChoiceField(
        label="Membres (comptes Pacte)", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    external_members = forms.CharField(
        label="Autres membres (hors Pacte)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, departements, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [(code, code) for code in departements]
        self.fields["territory"].queryset = territories
        self.fields["members"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__is_active=True,
                memberships__role__in=TEAM_MEMBER_ROLES,
                memberships__organization__departement_id__in=departements,
            )
            .distinct()
            .order_by("last_name", "first_name", "id")
        )

    def clean(self):
        cleaned = super().clean()
        territory, code = cleaned.get("territory"), cleaned.get("departement")
        if territory and code and territory.departement_id != code:
            self.add_error("territory", "Ce territoire n'appartient pas au département choisi.")
        return cleaned


class TeamCaseForm(AccessibleForm):
    session = forms.ModelChoiceField(label="Séance", queryset=None, empty_label="Choisir une séance")
    kind = forms.ChoiceField(label="Motif d'examen", choices=TeamCaseKind.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Exposé de la situation", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class TeamDecisionForm(AccessibleForm):
    decision = forms.ChoiceField(label="Décision", widget=forms.RadioSelect)
    note = forms.CharField(label="Motif de la décision", widget=forms.Textarea(attrs={"rows": 3}))
    decided_at = _date_field("Date de la décision")

    def __init__(self, *args, kind, held_on, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = DECISIONS_BY_KIND[kind]
        self.fields["decision"].choices = [(d.value, d.label) for d in TeamDecision if d in allowed]
        # Decided at the session, the usual case; a session still to come has no date to accept yet.
        self.fields["decided_at"].initial = min(held_on, timezone.localdate())
