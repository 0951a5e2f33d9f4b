"""Work lists across persons: each organisation's inbox of persons without référent (assigned in
bulk), the référent's agenda, the contracts ending soon."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pacte.audit.services import log_list
from pacte.core.errors import DomainError
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pathways import services
from pacte.pathways.services import followup_reads
from pacte.web.pathways.followup.access import (
    check,
    check_reader,
    confirm_page,
    needs_confirmation,
    people,
)
from pacte.web.pathways.followup.forms import InboxAssignForm, InboxFilterForm

PAGE_SIZE = 50
LIST_LIMIT = 50


@login_required
def inbox_list(request):
    check_reader(request.user)
    organizations = followup_reads.inbox_organizations(request.user)
    return render(request, "web/pathways/followup/inboxes.html", {"organizations": organizations})


def _organization(request, uuid):
    """An organisation whose inbox the user works; another answers 404."""
    check_reader(request.user)
    organization = get_object_or_404(Organization.objects.select_related("departement"), uuid=uuid)
    if not followup_reads.can_see_inbox(request.user, organization):
        raise Http404
    return organization


def _inbox_url(organization, query):
    url = reverse("web:followup_inbox", kwargs={"uuid": organization.uuid})
    filled = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(filled)}" if filled else url


@login_required
def inbox(request, uuid):
    organization = _organization(request, uuid)
    filters = InboxFilterForm(request.GET, organization=organization)
    rows = filters.apply(followup_reads.inbox(request.user, organization))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.query()
    log_list(
        request,
        action="followup.inbox.list",
        persons=[person.uuid for person in page],
        query={"organization": str(organization.uuid), **query, "page": page.number},
    )
    context = {
        "organization": organization,
        "page": page,
        "filters": filters,
        "filter_query": urlencode({key: value for key, value in query.items() if value}),
        "query": query,
        "memberships": followup_reads.organization_referents(organization),
    }
    return render(request, "web/pathways/followup/inbox.html", context)


@login_required
@require_POST
def inbox_assign(request, uuid):
    """Designate the chosen référent for the checked persons, or every result of the filter,
    after a confirmation that says how many: all or none (`services.assign_referent_to_many`)."""
    organization = _organization(request, uuid)
    filters = InboxFilterForm(request.POST, organization=organization)
    back = _inbox_url(organization, filters.query())
    if not filters.is_valid():
        messages.error(request, "Le filtre n'est pas valide : aucune désignation n'est enregistrée.")
        return redirect(back)
    form = InboxAssignForm(request.POST, memberships=followup_reads.organization_referents(organization))
    if not form.is_valid():
        messages.error(request, "Choisissez un·e référent·e de la structure.")
        return redirect(back)
    rows = filters.apply(followup_reads.inbox(request.user, organization))
    if not form.cleaned_data["everyone"]:
        rows = rows.filter(uuid__in=form.cleaned_data["persons"])
    count = rows.count()
    if count == 0:
        messages.error(request, "Sélectionnez au moins une personne.")
        return redirect(back)
    referent = form.cleaned_data["membership"].user
    if needs_confirmation(request):
        assigned = "seront confiées" if count > 1 else "sera confiée"
        return confirm_page(
            request,
            title=f"Désigner {referent}",
            lead=f"{people(count)} {assigned} à {referent} ({organization}), à compter d'aujourd'hui.",
            submit="Confirmer la désignation",
            back=back,
        )
    try:
        services.assign_referent_to_many(
            actor=request.user, persons=rows, referent=referent, organization=organization
        )
    except DomainError as error:
        messages.error(request, f"Aucune désignation n'est enregistrée : {error}")
        return redirect(back)
    messages.success(request, f"{people(count)} désormais suivie{'s' if count > 1 else ''} par {referent}.")
    return redirect(back)


@login_required
def agenda(request):
    check_reader(request.user)
    check(org_perms.holds(request.user, Role.REFERENT))
    lists = followup_reads.agenda(request.user, today=timezone.localdate(), now=timezone.now())
    today = list(lists.today)
    this_week = list(lists.this_week[:LIST_LIMIT])
    to_record = list(lists.to_record.order_by("-starts_at", "-id")[:LIST_LIMIT])
    shown = dict.fromkeys(a.person.uuid for a in today + this_week + to_record)
    log_list(request, action="followup.agenda.list", persons=shown)
    context = {
        "today": today,
        "this_week": this_week,
        "to_record": to_record,
        "this_week_count": lists.this_week.count(),
        "to_record_count": lists.to_record.count(),
        "limit": LIST_LIMIT,
        "now": timezone.now(),
    }
    return render(request, "web/pathways/followup/agenda.html", context)


@login_required
def contracts_ending(request):
    check_reader(request.user)
    check(org_perms.holds(request.user, Role.REFERENT, Role.DIRECTION))
    page = Paginator(followup_reads.contracts_ending(request.user, today=timezone.localdate()), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    log_list(
        request,
        action="followup.contracts_ending.list",
        persons=dict.fromkeys(contract.person.uuid for contract in page),
        query={"page": page.number},
    )
    context = {"page": page, "days": followup_reads.ENDING_DAYS}
    return render(request, "web/pathways/followup/contracts_ending.html", context)
