"""The search of offers from a person's pathway: from the commune of their dossier, for the themes
of barrier of their latest diagnostic (health ones only for those who read health data), within a
radius, nearest first; each result leads to the prescription."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render

from pacte.audit.services import log_read
from pacte.offers import search
from pacte.offers.models import Offer
from pacte.organizations import perms
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.web.offers.catalogue import display
from pacte.web.offers.catalogue.access import communes_for
from pacte.web.offers.prescriptions.access import prescriber_person
from pacte.web.offers.prescriptions.forms import DEFAULT_RADIUS_KM, PersonOfferSearchForm

PAGE_SIZE = 50


def diagnosed_themes(user, person):
    """The themes of barrier of the person's latest diagnostic that `user` may read, in the
    nomenclature's order."""
    latest = Diagnostic.objects.filter(person=person).order_by("-version").first()
    if latest is None:
        return []
    links = DiagnosticBarrier.objects.readable_by(user).filter(diagnostic=latest).select_related("barrier")
    themes = []
    for link in links:
        if link.barrier.theme not in themes:
            themes.append(link.barrier.theme)
    return themes


def default_query(person, themes):
    """The search as it opens: the dossier's commune, the default radius, the diagnosed needs."""
    data = QueryDict(mutable=True)
    commune = person.dossier.commune
    if commune is not None:
        data["commune"] = f"{commune.name} ({commune.insee_code})"
    data["radius_km"] = str(DEFAULT_RADIUS_KM)
    data.setlist("themes", themes)
    return data


def answering_theme(offer, themes):
    """The first of the searched themes that the offer answers (preselected as the need)."""
    codes = set(offer.thematiques or [])
    for theme in themes:
        if codes & set(search.THEMATIQUES_BY_BARRIER_THEME.get(theme, ())):
            return theme
    return ""


@login_required
def person_offer_search(request, uuid):
    person = prescriber_person(request, uuid)
    health_allowed = perms.can_read_health(request.user)
    themes = diagnosed_themes(request.user, person)
    searched = "commune" in request.GET
    data = request.GET if searched else default_query(person, themes)
    departements = sorted({person.departement_code, *perms.departements_for(request.user)})
    form = PersonOfferSearchForm(data, departements=departements, health_allowed=health_allowed)
    results = Offer.objects.none()
    if form.is_valid():
        values = form.cleaned_data
        offers = search.matching(
            Offer.objects.visible_to(request.user).published().select_related("organization", "commune"),
            themes=values["themes"],
            publics=[values["public"]] if values["public"] else (),
            reception_mode=values["mode"],
        )
        results = search.near_or_remote(offers, commune=values["commune"], radius_km=values["radius_km"])
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = form.cleaned_data.get("themes", []) if form.is_valid() else []
    for offer in page:
        distance = offer.distance_km
        offer.distance_label = "à distance" if distance is None else display.distance(distance)
        offer.thematique_labels = display.labels("thematiques", offer.thematiques)
        offer.need = answering_theme(offer, chosen)
    params = data.copy()
    params.pop("page", None)
    log_read(request, person, action="person.read.offer_search")
    context = {
        "person": person,
        "form": form,
        "page": page,
        "querystring": params.urlencode(),
        "diagnosed": themes,
        "has_commune": person.dossier.commune is not None,
        "near": form.cleaned_data.get("commune") if form.is_valid() else None,
        "radius": form.cleaned_data.get("radius_km") if form.is_valid() else None,
        "communes": communes_for([person.departement_code]),
    }
    return render(request, "web/offers/prescriptions/search.html", context)
