"""Who reaches the catalogue pages, and the offers and sessions of a page: read through
`Offer.objects.visible_to(user)`, changed through `editable_by(user)`; out of scope answers 404."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from pacte.offers.models import CATALOGUE_ROLES, Offer, OfferSession
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.territory.models import Commune

# Who publishes offers: a partner for its organisations, the direction for its département's.
AUTHOR_ROLES = (Role.PARTNER, Role.DIRECTION)


def check(allowed):
    if not allowed:
        raise PermissionDenied


def can_read_catalogue(user):
    return perms.holds(user, *CATALOGUE_ROLES)


def can_author_offers(user):
    return perms.holds(user, *AUTHOR_ROLES)


def author_organizations(user):
    """The organisations `user` may create an offer for: its partner organisations, every active
    one of the départements it directs."""
    organizations = Organization.objects.filter(is_active=True)
    if not perms.sees_everything(user):
        own = [org.pk for org in perms.organizations_for(user, Role.PARTNER)]
        directed = perms.departements_for(user, Role.DIRECTION)
        organizations = organizations.filter(Q(pk__in=own) | Q(departement_id__in=directed))
    return organizations.order_by("departement_id", "name", "id")


def communes_for(departement_codes, limit=None):
    """(INSEE code, "Name (code)") of the communes of these départements, for a select or a
    datalist; at most `limit` of them."""
    rows = (
        Commune.objects.with_coordinates()
        .filter(departement_id__in=sorted(set(departement_codes)))
        .order_by("name", "insee_code")
        .values_list("insee_code", "name")
    )[:limit]
    return [(code, f"{name} ({code})") for code, name in rows]


def readable_offer(request, uuid):
    check(can_read_catalogue(request.user))
    offers = Offer.objects.visible_to(request.user).select_related("organization", "commune", "created_by")
    return get_object_or_404(offers, uuid=uuid)


def editable_offer(request, uuid):
    """The offer `uuid` if the user may change it; 404 when out of its sight, 403 when it reads
    the offer but may not change it (a référent reading the published catalogue)."""
    offer = readable_offer(request, uuid)
    check(Offer.objects.editable_by(request.user).filter(pk=offer.pk).exists())
    return offer


def editable_session(request, uuid, session_uuid):
    offer = editable_offer(request, uuid)
    session = get_object_or_404(
        OfferSession.objects.select_related("commune"), offer=offer, uuid=session_uuid
    )
    session.offer = offer
    return offer, session
