"""The diagnostic of a person: each save adds a dated version; the ROME search feeds the projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render

from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.pathways import perms, services
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.referentials.models import RomeCode
from pacte.web.pathways.orientation.common import person_for, render_page
from pacte.web.pathways.orientation.forms import DiagnosticForm

DIAGNOSTIC_ROLES = (Role.DIRECTION, Role.ORIENTATION_AGENT, Role.REFERENT)
SEARCH_LIMIT = 20


def require_diagnostic_role(user):
    if not org_perms.holds(user, *DIAGNOSTIC_ROLES):
        raise PermissionDenied


def rome_matches(query, exclude=()):
    """ROME sheets whose code, label or one of whose appellations matches `query`."""
    query = query.strip()
    if len(query) < 2:
        return []
    matches = (
        RomeCode.objects.filter(
            Q(code__istartswith=query) | Q(label__icontains=query) | Q(appellations__label__icontains=query)
        )
        .exclude(code__in=list(exclude))
        .distinct()
        .order_by("code")
    )
    return list(matches[:SEARCH_LIMIT])


def versions(person, show_health):
    links = DiagnosticBarrier.objects.select_related("barrier").order_by(
        "barrier__theme", "barrier__position"
    )
    if not show_health:
        links = links.filter(is_sensitive=False)
    return (
        Diagnostic.objects.filter(person=person)
        .select_related("made_by")
        .prefetch_related(
            Prefetch("projects", queryset=RomeCode.objects.order_by("code")),
            Prefetch("barrier_links", queryset=links),
        )
        .order_by("-version")
    )


def initial_from(diagnostic):
    """A new version starts from the latest one, for the agent to amend."""
    if diagnostic is None:
        return {}
    links = diagnostic.barrier_links.all()
    return {
        "professional_situation": diagnostic.professional_situation,
        "last_employment_end": diagnostic.last_employment_end,
        "education_level": diagnostic.education_level,
        "job_projection": diagnostic.job_projection,
        "projects": [project.code for project in diagnostic.projects.all()],
        "barriers": [link.barrier_id for link in links],
        "notes": diagnostic.notes,
        **DiagnosticForm.initial_levels(links),
    }


def _save(request, person, form):
    data = form.cleaned_data
    try:
        diagnostic = services.record_diagnostic(
            actor=request.user,
            person=person,
            made_on=data["made_on"],
            professional_situation=data["professional_situation"],
            education_level=data["education_level"],
            projects=list(data["projects"]),
            barriers=dict.fromkeys(data["barriers"], ""),
            levels=form.levels(),
            last_employment_end=data["last_employment_end"],
            job_projection=data["job_projection"],
            notes=data["notes"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return None
    return diagnostic


@login_required
def diagnostic(request, uuid):
    require_diagnostic_role(request.user)
    person = person_for(
        request, uuid, predicate=perms.can_record_diagnostic, audit_action="person.read.diagnostic"
    )
    show_health = org_perms.can_read_health(request.user)
    history = list(versions(person, show_health))
    searching = request.method == "POST" and "rome_search" in request.POST
    if request.method == "POST":
        form = DiagnosticForm(request.POST, show_health=show_health)
        if not searching and form.is_valid():
            saved = _save(request, person, form)
            if saved is not None:
                messages.success(request, f"{saved} enregistré (version {saved.version}).")
                return redirect("web:orientation_diagnostic", uuid=person.uuid)
    else:
        form = DiagnosticForm(initial=initial_from(history[0] if history else None), show_health=show_health)
    chosen = form.chosen_projects()
    context = {
        "person": person,
        # The référent comes from the person's pathway, not from the orientation pages.
        "can_orient": perms.can_orient(request.user, person),
        "form": form,
        "history": history,
        "chosen_projects": chosen,
        "rome_query": request.POST.get("rome_q", "") if searching else "",
        "rome_results": rome_matches(request.POST.get("rome_q", ""), [p.code for p in chosen])
        if searching
        else None,
    }
    return render_page(request, "web/pathways/orientation/diagnostic.html", context)


@login_required
def rome_search(request):
    """Checkboxes of the ROME sheets matching `q` (htmx search of the diagnostic form)."""
    require_diagnostic_role(request.user)
    query = request.GET.get("rome_q", "")
    results = rome_matches(query, request.GET.getlist("projects"))
    return render(
        request, "web/pathways/orientation/_rome_results.html", {"rome_results": results, "rome_query": query}
    )
