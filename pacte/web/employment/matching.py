"""The matching pages (docs/decisions/014-matching.md): a person's matching job offers and SIAE
insertion positions, and a job offer's (or a position's) matching people, ranked, each match with
its French explanation and a « Positionner » button.

Who: a person's matches, the direction, the référents and the employer-relations officers; an
offer's matching people, the direction and the employer-relations officers of the offer's
département. The persons come from `matching.matching_pool(user)` (out of it: 404); the offers from
`JobOffer.objects.visible_to(user)` and the positions from `positionings.positionable_positions(user)`
(the SIAE positions of the départements where the user positions people). Every page read is written to the audit log with the persons shown.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries.models import Person
from pacte.employment import matching, positionings, tension
from pacte.employment.models import InsertionPosition, JobOffer
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways import perms as pathway_perms
from pacte.pathways.models import EmploymentProject
from pacte.web.employment.access import PAGE_SIZE, check

# The audit actions of these pages (declared in pacte/employment/audit_actions.py).
PERSON_MATCHES = "person.read.employment_matches"
OFFER_MATCHES = "matching.offer.list"

PERSON_MATCH_ROLES = (Role.DIRECTION, Role.REFERENT, Role.EMPLOYER_RELATIONS)
OFFER_MATCH_ROLES = (Role.DIRECTION, Role.EMPLOYER_RELATIONS)
POSITIONING_URLS = {
    "job_offer": "web:employment_positioning_create",
    "insertion_position": "web:employment_position_positioning_create",
}


def positioning_url(kind, opening, person):
    """The positioning form of `person` on `opening` (pacte/web/employment/positionings.py)."""
    url = reverse(POSITIONING_URLS[kind], kwargs={"uuid": opening.uuid})
    return f"{url}?person={person.uuid}"


def project_romes(project, departement_code):
    """[(RomeCode, in tension)] of `project` in `departement_code` (the lists in force there)."""
    if project is None:
        return []
    codes = tension.tension_codes([departement_code]).get(departement_code, set())
    return [(rome, rome.code in codes) for rome in project.romes.order_by("code")]


def _page(request, matches):
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    for match in page.object_list:
        match.positioning_url = positioning_url(match.kind, match.opening, match.person)
    return page


@login_required
def person_matches(request, uuid):
    """The open job offers and SIAE positions matching the person's employment project."""
    user = request.user
    check(perms.holds(user, *PERSON_MATCH_ROLES))
    person = get_object_or_404(
        matching.matching_pool(user).select_related("dossier__commune"),
        uuid=uuid,
    )
    project = EmploymentProject.objects.filter(person=person).first()
    matches = matching.matches_for_person(
        person,
        today=timezone.localdate(),
        offers=JobOffer.objects.visible_to(user).select_related("employer__organization", "commune"),
        # Référents position people on SIAE positions too, which they do not manage.
        positions=positionings.positionable_positions(user).select_related("commune"),
    )
    page = _page(request, matches)
    log_read(request, person, action=PERSON_MATCHES)
    reads_person = Person.objects.visible_to(user).filter(pk=person.pk).exists()
    context = {
        "person": person,
        "project": project,
        "romes": project_romes(project, person.departement_code),
        "page": page,
        "reads_person": reads_person,
        "can_edit_project": reads_person and pathway_perms.can_follow(user, person),
    }
    return render(request, "web/employment/matching/person_matches.html", context)


def _offer_matches(request, opening, kind):
    user = request.user
    # Read as a référent elsewhere, an offer opens no matching: that is the relations' work there.
    if not perms.reaches(user, opening.departement_code, *OFFER_MATCH_ROLES):
        raise Http404
    tension.flag([opening])
    matches = matching.matches_for_offer(opening, matching.matching_pool(user), today=timezone.localdate())
    page = _page(request, matches)
    log_list(
        request,
        action=OFFER_MATCHES,
        persons=[match.person.uuid for match in page.object_list],
        departement_code=opening.departement_code,
        query={"page": page.number},
        data={"opening": str(opening.uuid), "kind": kind},
    )
    readable = set(
        Person.objects.visible_to(user)
        .filter(pk__in=[match.person.pk for match in page.object_list])
        .values_list("pk", flat=True)
    )
    for match in page.object_list:
        match.reads_person = match.person.pk in readable
    context = {"opening": opening, "kind": kind, "page": page}
    return render(request, "web/employment/matching/offer_matches.html", context)


@login_required
def offer_matches(request, uuid):
    """The people (of the user's matching pool) whose project matches a job offer."""
    check(perms.holds(request.user, *OFFER_MATCH_ROLES))
    offers = JobOffer.objects.visible_to(request.user).select_related(
        "employer__organization", "appellation", "commune", "rome"
    )
    return _offer_matches(request, get_object_or_404(offers, uuid=uuid), "job_offer")


@login_required
def position_matches(request, uuid):
    """The people (of the user's matching pool) whose project matches a SIAE insertion position."""
    check(perms.holds(request.user, *OFFER_MATCH_ROLES))
    positions = InsertionPosition.objects.visible_to(request.user).select_related(
        "employer__organization", "appellation", "commune", "rome"
    )
    return _offer_matches(request, get_object_or_404(positions, uuid=uuid), "insertion_position")
