"""The published catalogue the user reads, as the national schema's list of services (JSON), for
data·inclusion, DORA and the other tools that read the offre d'insertion."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone

from pacte.offers.models import Offer
from pacte.offers.schema_export import export_catalogue
from pacte.web.offers.catalogue.access import can_read_catalogue, check


@login_required
def offer_export(request):
    check(can_read_catalogue(request.user))
    items = export_catalogue(Offer.objects.visible_to(request.user))
    response = HttpResponse(
        json.dumps(items, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    name = f"offre-insertion-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
