"""Creating and changing an offer and its sessions: the form checks the shape, the services
(`create_offer`, `update_offer`, `add_session`, ...) the rules; a refusal comes back on its field
and the form keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.offers import services
from pacte.web.form_pages import add_domain_error
from pacte.web.offers.catalogue.access import (
    author_organizations,
    can_author_offers,
    check,
    communes_for,
    editable_offer,
    editable_session,
)
from pacte.web.offers.catalogue.forms import OfferForm, SessionForm
from pacte.web.offers.catalogue.views import offer_url


def _posted(request):
    return request.POST if request.method == "POST" else None


def _offer_form(request, organizations, initial=None):
    communes = communes_for(org.departement_id for org in organizations)
    return OfferForm(_posted(request), initial=initial, organizations=organizations, communes=communes)


def _render_offer_form(request, form, offer=None):
    single = next(iter(form.organizations.values())) if len(form.organizations) == 1 else None
    context = {"form": form, "offer": offer, "single_organization": single}
    return render(request, "web/offers/catalogue/offer_form.html", context)


@login_required
def offer_create(request):
    check(can_author_offers(request.user))
    organizations = list(author_organizations(request.user))
    check(bool(organizations))
    form = _offer_form(request, organizations, initial={"organization": organizations[0].pk})
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.create_offer(
                actor=request.user, organization=form.cleaned_data["organization"], **form.offer_fields()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, "L'offre est créée en brouillon : publiez-la pour l'ouvrir au catalogue."
            )
            return redirect(offer_url(offer))
    return _render_offer_form(request, form)


def _changed_fields(form):
    """What the edit sends to `update_offer`: the place only when it changed, so that a new commune
    places the offer again while coordinates typed earlier stay when only other fields change."""
    fields = form.offer_fields()
    changed = set(form.changed_data)
    if not {"latitude", "longitude"} & changed:
        del fields["latitude"], fields["longitude"]
        if "commune" not in changed:
            del fields["commune"]
    return fields


@login_required
def offer_edit(request, uuid):
    offer = editable_offer(request, uuid)
    form = _offer_form(request, [offer.organization], initial=OfferForm.initial_for(offer))
    form.fields["organization"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(actor=request.user, offer=offer, **_changed_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "L'offre est enregistrée.")
            return redirect(offer_url(offer))
    return _render_offer_form(request, form, offer)


def _session_page(request, offer, form, session=None):
    context = {"offer": offer, "form": form, "session": session}
    return render(request, "web/offers/catalogue/session_form.html", context)


def _session_form(request, offer, initial=None):
    return SessionForm(_posted(request), initial=initial, communes=communes_for([offer.departement_code]))


@login_required
def session_create(request, uuid):
    offer = editable_offer(request, uuid)
    form = _session_form(
        request, offer, initial={"capacity": offer.capacity, "commune": offer.commune_id or ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(actor=request.user, offer=offer, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "La session est ajoutée.")
            return redirect(offer_url(offer) + "#sessions")
    return _session_page(request, offer, form)


@login_required
def session_edit(request, uuid, session_uuid):
    offer, session = editable_session(request, uuid, session_uuid)
    form = _session_form(request, offer, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(actor=request.user, session=session, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "La session est enregistrée.")
            return redirect(offer_url(offer) + "#sessions")
    return _session_page(request, offer, form, session)


@login_required
@require_POST
def session_delete(request, uuid, session_uuid):
    offer, session = editable_session(request, uuid, session_uuid)
    try:
        services.delete_session(actor=request.user, session=session)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"La session du {session.start_date:%d/%m/%Y} est supprimée.")
    return redirect(offer_url(offer) + "#sessions")
