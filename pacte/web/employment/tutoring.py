"""Tutoring in the first months of work: the list, its start, its page with the meetings, a
meeting added, its end."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries.names import fold
from pacte.employment import placement_perms
from pacte.employment import tutoring as services
from pacte.employment.models import Tutoring
from pacte.employment.placement_people import find_person
from pacte.organizations.models import Organization
from pacte.web.employment.access import FORM_TEMPLATE, PAGE_SIZE, check, posted
from pacte.web.employment.immersions import employers_for, fixed_person
from pacte.web.employment.placement_forms import EndTutoringForm, MeetingForm, TutoringForm
from pacte.web.form_pages import form_page

RELATED = ("person", "employer__organization", "tutor_organization")


def detail_url(tutoring):
    return reverse("web:employment_tutoring_detail", kwargs={"uuid": tutoring.uuid})


def tutoring_or_404(request, uuid, *, edit=False):
    user = request.user
    check(placement_perms.can_write_placements(user) if edit else placement_perms.can_read_placements(user))
    rows = Tutoring.objects.editable_by(user) if edit else Tutoring.objects.visible_to(user)
    return get_object_or_404(rows.select_related(*RELATED), uuid=uuid)


@login_required
def tutoring_list(request):
    check(placement_perms.can_read_placements(request.user))
    ongoing = request.GET.get("en_cours") == "1"
    rows = (
        Tutoring.objects.visible_to(request.user)
        .select_related(*RELATED)
        .annotate(meeting_count=Count("meetings"))
    )
    if ongoing:
        rows = rows.filter(ended_on=None)
    query = request.GET.get("q", "").strip()
    if query:
        rows = rows.filter(
            Q(person__search_key__icontains=fold(query)) | Q(employer__organization__name__icontains=query)
        )
    page = Paginator(rows.order_by("-started_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    log_list(request, action="tutoring.list", persons=[row.person.uuid for row in page])
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "ongoing": ongoing,
        "query": query,
        "query_string": params.urlencode(),
        "can_create": placement_perms.can_write_placements(request.user),
    }
    return render(request, "web/employment/tutoring/list.html", context)


def _tutor_organizations(employers):
    """The employers' own structures and the accompanying structures of their départements."""
    codes = {employer.departement_code for employer in employers}
    return list(Organization.objects.filter(departement_id__in=codes, is_active=True).order_by("name", "id"))


@login_required
def tutoring_create(request):
    check(placement_perms.can_write_placements(request.user))
    person = fixed_person(request)
    employers = employers_for(request.user, person.departement_code if person else None)
    form = TutoringForm(
        posted(request),
        person=person,
        employers=employers,
        organizations=_tutor_organizations(employers),
        initial={"started_on": timezone.localdate()},
    )

    def write(form):
        target = form.person or find_person(request.user, **form.identity())
        return services.start_tutoring(actor=request.user, person=target, **form.service_fields())

    context = {
        "title": "Nouveau tutorat dans l'emploi",
        "lead": f"Pour {person.full_name}"
        if person
        else "La personne est retrouvée par son nom et sa date de naissance.",
        "submit": "Enregistrer le tutorat",
        "back": reverse("web:employment_tutoring_list"),
        "back_label": "Tutorats",
        "person": person,
    }
    return form_page(
        request,
        form,
        template="web/employment/tutoring/form.html",
        context=context,
        write=write,
        message="Le tutorat est enregistré.",
        success=detail_url,
    )


@login_required
def tutoring_detail(request, uuid):
    tutoring = tutoring_or_404(request, uuid)
    log_read(request, tutoring)
    can_edit = (
        placement_perms.can_write_placements(request.user)
        and Tutoring.objects.editable_by(request.user).filter(pk=tutoring.pk).exists()
    )
    context = {
        "tutoring": tutoring,
        "meetings": tutoring.meetings.select_related("author").order_by("-held_on", "-id"),
        "can_edit": can_edit,
    }
    return render(request, "web/employment/tutoring/detail.html", context)


@login_required
def meeting_add(request, uuid):
    tutoring = tutoring_or_404(request, uuid, edit=True)
    form = MeetingForm(posted(request), initial={"held_on": timezone.localdate()})

    def write(form):
        return services.add_meeting(actor=request.user, tutoring=tutoring, **form.cleaned_data)

    context = {
        "title": "Point de tutorat",
        "lead": str(tutoring),
        "submit": "Enregistrer le point",
        "back": detail_url(tutoring),
        "back_label": "Le tutorat",
    }
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=write,
        message="Le point est enregistré.",
        success=detail_url(tutoring),
    )


@login_required
def tutoring_end(request, uuid):
    tutoring = tutoring_or_404(request, uuid, edit=True)
    form = EndTutoringForm(posted(request), initial={"ended_on": timezone.localdate()})

    def write(form):
        return services.end_tutoring(actor=request.user, tutoring=tutoring, **form.cleaned_data)

    context = {
        "title": "Fin du tutorat",
        "lead": str(tutoring),
        "submit": "Enregistrer la fin du tutorat",
        "back": detail_url(tutoring),
        "back_label": "Le tutorat",
    }
    return form_page(
        request,
        form,
        template=FORM_TEMPLATE,
        context=context,
        write=write,
        message="La fin du tutorat est enregistrée.",
        success=detail_url(tutoring),
    )
