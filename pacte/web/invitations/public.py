"""The person's page behind the invitation's link, without login: their first name, the structure,
the place and the slots offered; nothing else of their record. Unknown tokens are counted per
address: past a few, the page answers 429 for a while, so that tokens cannot be tried in bulk."""

import datetime

from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone

from pacte.audit.services import client_ip
from pacte.core.errors import DomainError
from pacte.invitations import services
from pacte.invitations.enums import InvitationStatus
from pacte.invitations.letters import slot_label
from pacte.invitations.models import Invitation
from pacte.web.invitations.forms import SlotForm

MAX_MISSES = 20
MISS_WINDOW = 15 * 60  # seconds


def _miss_key(request):
    return f"invitation-miss:{client_ip(request)}"


def _throttled(request):
    return cache.get(_miss_key(request), 0) >= MAX_MISSES


def _count_miss(request):
    key = _miss_key(request)
    if cache.add(key, 1, MISS_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, MISS_WINDOW)


def _page(request, template, context=None, status=200):
    return render(request, f"web/invitations/public_{template}.html", context or {}, status=status)


def invitation_public(request, token):
    if _throttled(request):
        return _page(request, "throttled", status=429)
    invitation = (
        Invitation.objects.select_related("person", "organization", "appointment").filter(token=token).first()
        if len(token) <= 64
        else None
    )
    if invitation is None:
        _count_miss(request)
        return _page(request, "unknown", status=404)
    now = timezone.now()
    context = {
        "first_name": invitation.person.first_name.title(),
        "invitation": invitation,
        "organization": invitation.organization.name,
    }
    if invitation.status == InvitationStatus.APPOINTMENT_TAKEN:
        appointment = invitation.appointment
        context["when"] = slot_label(appointment.starts_at) if appointment else ""
        return _page(request, "taken", context)
    if services.is_expired(invitation, now):
        return _page(request, "expired", context, status=410)
    services.record_opened(invitation, now=now)
    offered = [(slot, slot_label(slot)) for slot in services.slot_times(invitation) if slot > now]
    form = SlotForm(request.POST if request.method == "POST" else None, slots=offered)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.take_slot(
                invitation=invitation,
                slot=datetime.datetime.fromisoformat(form.cleaned_data["slot"]),
                now=now,
            )
        except DomainError as error:
            if services.is_expired(invitation, now):
                return _page(request, "expired", context, status=410)
            form.add_error("slot" if error.field == "slot" else None, error.message)
        else:
            context["when"] = slot_label(invitation.appointment.starts_at)
            context["invitation"] = invitation
            return _page(request, "taken", context)
    context.update({"form": form, "offered": offered, "deadline": timezone.localtime(invitation.expires_at)})
    return _page(request, "choose", context)
