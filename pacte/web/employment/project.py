"""The person's employment project, on a page of its own: the jobs looked for (ROME 4.0 sheets,
searched by code, label or appellation, with or without JavaScript), the mobility radius, the
weekly hours and the staggered hours; recorded by `record_employment_project`. For whoever follows
the person (their référent, the direction: `pathways.perms.can_follow`); each job looked for is
flagged when it is a métier en tension in the person's département."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.employment import tension
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways import perms as pathway_perms
from pacte.pathways.models import Diagnostic, EmploymentProject
from pacte.pathways.models.employment_project import MAX_RADIUS_KM, MAX_ROMES
from pacte.pathways.services import record_employment_project
from pacte.referentials.models import RomeCode
from pacte.web.employment.access import check
from pacte.web.form_pages import add_domain_error
from pacte.web.pathways.orientation.diagnostic import rome_matches

PROJECT_READ = "person.read.employment_project"  # declared in pacte/employment/audit_actions.py
PROJECT_ROLES = (Role.DIRECTION, Role.REFERENT)
DEFAULT_RADIUS_KM = 20
HOURS_HELP = "Entre 1 et 48 heures ; laissez vide s'il n'y a pas de limite de ce côté."
RADIUS_RANGE = f"Le rayon de mobilité doit être compris entre 1 et {MAX_RADIUS_KM} km."
HOURS_ERRORS = {
    "invalid": "Indiquez un nombre d'heures, par exemple 24 ou 17,5.",
    "min_value": "Le nombre d'heures doit être compris entre 1 et 48.",
    "max_value": "Le nombre d'heures doit être compris entre 1 et 48.",
    "max_decimal_places": "Indiquez au plus une décimale (par exemple 17,5).",
}


class EmploymentProjectForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(
        label="Métiers recherchés (ROME 4.0)",
        queryset=RomeCode.objects.order_by("code"),
        required=False,
        error_messages={"invalid_choice": "La fiche ROME « %(value)s » n'existe pas."},
    )
    mobility_radius_km = forms.IntegerField(
        label="Rayon de mobilité (km)",
        min_value=1,
        max_value=MAX_RADIUS_KM,
        help_text=f"Distance que la personne peut parcourir depuis son domicile, de 1 à {MAX_RADIUS_KM} km.",
        error_messages={
            "required": "Indiquez le rayon de mobilité, en kilomètres.",
            "invalid": "Le rayon de mobilité doit être un nombre entier de kilomètres.",
            "min_value": RADIUS_RANGE,
            "max_value": RADIUS_RANGE,
        },
    )
    weekly_hours_min = forms.DecimalField(
        label="Heures par semaine, au moins",
        min_value=1,
        max_value=48,
        decimal_places=1,
        required=False,
        help_text=HOURS_HELP,
        error_messages=HOURS_ERRORS,
    )
    weekly_hours_max = forms.DecimalField(
        label="Heures par semaine, au plus",
        min_value=1,
        max_value=48,
        decimal_places=1,
        required=False,
        help_text=HOURS_HELP,
        error_messages=HOURS_ERRORS,
    )
    accepts_staggered_hours = forms.BooleanField(
        label="Accepte les horaires décalés (nuit, week-end)", required=False
    )

    def chosen_projects(self):
        codes = [str(value).strip().upper() for value in (self["projects"].value() or [])]
        return list(RomeCode.objects.filter(code__in=codes).order_by("code"))


def _initial(project, person):
    if project is not None:
        return {
            "projects": [rome.code for rome in project.romes.order_by("code")],
            "mobility_radius_km": project.mobility_radius_km,
            "weekly_hours_min": project.weekly_hours_min,
            "weekly_hours_max": project.weekly_hours_max,
            "accepts_staggered_hours": project.accepts_staggered_hours,
        }
    # A first project starts from the professional projects of the latest diagnostic.
    latest = Diagnostic.objects.filter(person=person).order_by("-version").first()
    projects = [rome.code for rome in latest.projects.order_by("code")] if latest is not None else []
    return {"projects": projects, "mobility_radius_km": DEFAULT_RADIUS_KM, "accepts_staggered_hours": True}


def _save(request, person, form):
    values = form.cleaned_data
    try:
        return record_employment_project(
            actor=request.user,
            person=person,
            romes=list(values["projects"]),
            mobility_radius_km=values["mobility_radius_km"],
            weekly_hours_min=values["weekly_hours_min"],
            weekly_hours_max=values["weekly_hours_max"],
            accepts_staggered_hours=values["accepts_staggered_hours"],
        )
    except DomainError as error:
        add_domain_error(form, error, {"romes": "projects"})
        return None


@login_required
def employment_project_edit(request, uuid):
    user = request.user
    check(perms.holds(user, *PROJECT_ROLES))
    person = get_object_or_404(Person.objects.visible_to(user).select_related("dossier__commune"), uuid=uuid)
    if not pathway_perms.can_follow(user, person):
        raise Http404
    project = EmploymentProject.objects.filter(person=person).first()
    searching = request.method == "POST" and "rome_search" in request.POST
    if request.method == "POST":
        form = EmploymentProjectForm(request.POST)
        if not searching and form.is_valid() and _save(request, person, form) is not None:
            messages.success(request, "Le projet d'emploi est enregistré.")
            return redirect("web:employment_person_matches", uuid=person.uuid)
    else:
        form = EmploymentProjectForm(initial=_initial(project, person))
    chosen = form.chosen_projects()
    in_tension = tension.tension_codes([person.departement_code]).get(person.departement_code, set())
    query = request.POST.get("rome_q", "") if searching else ""
    log_read(request, person, action=PROJECT_READ)
    context = {
        "person": person,
        "project": project,
        "form": form,
        "chosen": [(rome, rome.code in in_tension) for rome in chosen],
        "max_romes": MAX_ROMES,
        "rome_query": query,
        "rome_results": rome_matches(query, [rome.code for rome in chosen]) if searching else None,
    }
    return render(request, "web/employment/matching/project_form.html", context)
