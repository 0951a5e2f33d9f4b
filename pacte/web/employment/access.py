"""Scoping of the employment pages: a role without access answers 403; an employer or an offer
out of the user's scope answers 404 (its existence is not revealed)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from pacte.employment import perms
from pacte.employment.models import EmployerProfile, JobOffer
from pacte.web import form_pages

FORM_TEMPLATE = "web/employment/form.html"
PAGE_SIZE = 50


def check(allowed):
    if not allowed:
        raise PermissionDenied


def posted(request):
    return request.POST if request.method == "POST" else None


def employer_or_404(request, uuid, *, edit=False):
    check(perms.can_manage_employers(request.user) if edit else perms.can_read_employers(request.user))
    profiles = (
        EmployerProfile.objects.editable_by(request.user)
        if edit
        else EmployerProfile.objects.visible_to(request.user)
    )
    return get_object_or_404(profiles.select_related("organization", "commune"), uuid=uuid)


def job_offer_or_404(request, uuid, *, edit=False):
    check(perms.can_manage_employers(request.user) if edit else perms.can_read_job_offers(request.user))
    offers = JobOffer.objects.editable_by(request.user) if edit else JobOffer.objects.visible_to(request.user)
    related = ("employer", "employer__organization", "rome", "appellation", "commune")
    return get_object_or_404(offers.select_related(*related), uuid=uuid)


def form_page(request, form, *, action, context, success, message):
    """Render `form`; on a valid POST call `action(form)` (a service), then go to `success` (a URL or
    a function of the service's result). A refused precondition comes back on the field it names,
    else at the top of the form, which keeps what was typed."""
    return form_pages.form_page(
        request, form, template=FORM_TEMPLATE, context=context, write=action, message=message, success=success
    )
