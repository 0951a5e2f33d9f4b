"""Telling the référent what the person did in their space: an e-mail once the write is committed,
with a link to the person's record; a mail server's failure is logged and loses nothing."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pacte.pathways.models import ReferentAssignment

logger = logging.getLogger(__name__)


def current_referent(person, today=None):
    today = today or timezone.localdate()
    return (
        ReferentAssignment.objects.filter(person=person, start_date__lte=today, end_date=None)
        .select_related("referent", "organization")
        .order_by("-start_date", "-id")
        .first()
    )


def tell_referent(person, subject, text, *, request=None, referent=None):
    if referent is None:
        assignment = current_referent(person)
        referent = assignment.referent if assignment else None
    if referent is None or not referent.email:
        return
    link = reverse("web:person_detail", args=[person.uuid])
    if request is not None:
        link = request.build_absolute_uri(link)
    body = f"Bonjour,\n\n{person.full_name} {text}\n\nSa fiche dans Pacte : {link}\n"

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [referent.email])
        except OSError:
            logger.exception("Courriel au référent non envoyé")

    transaction.on_commit(deliver)
