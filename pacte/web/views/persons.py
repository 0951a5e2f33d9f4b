import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pacte.audit.services import log_list, log_read
from pacte.beneficiaries import names
from pacte.beneficiaries.crypto import nir_lookup_hash
from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.offers.models import Prescription
from pacte.offers.prescriptions import can_prescribe
from pacte.organizations import perms
from pacte.pathways import perms as pathway_perms
from pacte.portal import accounts as portal_accounts
from pacte.portal.staff import mark_all_seen, space_for_staff
from pacte.web.offers.prescriptions.access import age, follows

# 13 or 15 characters (with the key), Corsica as 2A / 2B; spaces and dots are ignored.
DOSSIER_NUMBER = re.compile(r"[0-9]{5,11}")
NIR_LIKE = re.compile(r"[0-9]{5}(?:[0-9]{2}|2[AB])[0-9]{6}(?:[0-9]{2})?")


def _visible_people(user):
    if not perms.can_see_people(user) or not perms.is_staff_user(user):
        raise PermissionDenied
    return Person.objects.visible_to(user)


def compact_nir(text):
    """The NIR typed in `text`, without spaces nor dots, or "" when `text` is not one."""
    compact = re.sub(r"[\s.]", "", text).upper()
    return compact if NIR_LIKE.fullmatch(compact) else ""


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label="Rechercher par nom, prénom ou numéro de dossier", max_length=100, required=False
    )
    page = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, nir_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.nir_allowed = nir_allowed
        if nir_allowed:
            self.fields["q"].label = "Rechercher par nom, prénom, numéro de dossier ou NIR"

    def clean_q(self):
        query = self.cleaned_data["q"].strip()
        if compact_nir(query) and not self.nir_allowed:
            raise forms.ValidationError("La recherche par NIR est réservée aux rôles habilités à le lire.")
        return query


def search_people(people, query):
    """Persons found by `query`: a NIR (by its keyed hash), a dossier number, or names, each word
    matching the start of one of the person's names, in any order, accents and case aside."""
    if not query:
        return people
    nir = compact_nir(query)
    if nir:
        return people.filter(nir_hash=nir_lookup_hash(nir))
    compact = re.sub(r"\s", "", query)
    if DOSSIER_NUMBER.fullmatch(compact):
        return people.filter(dossier__numdemrsa=compact)
    words = names.query_words(query)
    if not words:
        return people.none()
    condition = Q()
    for word in words:
        condition &= Q(search_key__contains=f" {word}")
    return people.filter(condition)


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request):
    """The persons the user may see. A search (a name, a NIR) is POSTed, with its page, so that it
    never travels in a URL, an access log or a browser history; a GET lists without filtering."""
    people = _visible_people(request.user).adults().select_related("dossier", "dossier__commune")
    form = PersonSearchForm(
        request.POST if request.method == "POST" else None, nir_allowed=perms.can_read_nir(request.user)
    )
    query, page_number = "", request.GET.get("page")
    if form.is_bound:
        if form.is_valid():
            query, page_number = form.cleaned_data["q"], form.cleaned_data["page"]
            people = search_people(people, query)
        else:
            people = people.none()
    people = people.order_by("sort_key", "id")
    page = Paginator(people, 50).get_page(page_number)
    # Whether a search was made, not what was searched (a name, a NIR).
    query_facts = {"search": bool(query), "page": page.number}
    log_list(request, action="person.list", persons=[p.uuid for p in page], query=query_facts)
    return render(request, "web/persons/list.html", {"page": page, "query": query, "form": form})


@login_required
def person_detail(request, uuid):
    person = get_object_or_404(
        _visible_people(request.user).select_related("dossier", "dossier__commune", "dossier__territory"),
        uuid=uuid,
    )
    log_read(request, person)
    if not follows(request.user, person):
        # Seen only as a partner, while a prescription to its offers runs: the bounded card.
        return render(request, "web/persons/detail.html", _partner_card(request.user, person))
    context = {
        "person": person,
        "restricted": False,
        "show_nir": perms.can_read_nir(request.user),
        "show_pathway": pathway_perms.can_read_pathways(request.user),
        "can_prescribe": can_prescribe(request.user),
        "history": person.right_history.order_by("-dtref")[:24],
        "household": person.dossier.persons.order_by("rsa_role", "birth_date", "id"),
    }
    if context["show_pathway"]:
        context["space"] = space_for_staff(person)
    context["can_follow_employment"] = pathway_perms.can_follow(request.user, person)
    return render(request, "web/persons/detail.html", context)


def _followed_person(request, uuid):
    person = get_object_or_404(_visible_people(request.user), uuid=uuid)
    if not follows(request.user, person) or not pathway_perms.can_read_pathways(request.user):
        raise PermissionDenied
    return person


@login_required
@require_POST
def person_space_open(request, uuid):
    """Open the person's own space (with their agreement): an account reached by one-time codes."""
    person = _followed_person(request, uuid)
    try:
        portal_accounts.open_space(
            actor=request.user,
            person=person,
            sign_in_url=portal_accounts.sign_in_url(request),
            request=request,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "L'espace personnel est ouvert : la personne a reçu un message pour y entrer."
        )
    return redirect("web:person_detail", uuid=person.uuid)


@login_required
@require_POST
def person_space_seen(request, uuid):
    """The référent has read what the person wrote from their space."""
    person = _followed_person(request, uuid)
    count = mark_all_seen(actor=request.user, person=person, request=request)
    if count:
        messages.success(request, "Les messages de la personne sont marqués comme lus.")
    return redirect("web:person_detail", uuid=person.uuid)


def _partner_card(user, person):
    """What a partner sees of a person prescribed to its offers: identity, contact, commune and the
    prescriptions to its organisations; never the NIR, the household, the rights nor the amounts."""
    prescriptions = (
        Prescription.objects.visible_to(user)
        .filter(person=person)
        .select_related("offer", "offer__organization", "session")
        .order_by("-sent_on", "-id")
    )
    return {
        "person": person,
        "restricted": True,
        "age": age(person, timezone.localdate()),
        "prescriptions": list(prescriptions),
    }
