"""Reorientation requests from the référent, and exits from the pathway."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils import timezone

from pacte.pathways import perms, services
from pacte.pathways.models import Orientation
from pacte.web.pathways.followup.access import check, form_page, person_or_404, posted
from pacte.web.pathways.followup.forms import ExitForm, ReorientationForm


def _back(person, anchor):
    return reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) + anchor


@login_required
def reorientation_request(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_request_reorientation(request.user, person))
    current = Orientation.objects.current().filter(person=person).select_related("body").first()
    form = ReorientationForm(posted(request), departement_code=person.departement_code, current=current)

    def action(data):
        services.request_reorientation(actor=request.user, person=person, **data)

    context = {
        "person": person,
        "title": "Demander une réorientation",
        "lead": f"Orientation actuelle : {current} ({current.body})." if current else "",
        "submit": "Envoyer la demande",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(person, "#reorientations"),
        message="La demande de réorientation est transmise à l'agent d'orientation.",
    )


@login_required
def exit_record(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_record_exit(request.user, person))
    form = ExitForm(posted(request), initial={"exit_date": timezone.localdate()})

    def action(data):
        services.record_exit(actor=request.user, person=person, **data)

    context = {
        "person": person,
        "title": "Enregistrer une sortie de parcours",
        "lead": "La désignation du ou de la référent·e et le contrat signé prennent fin à la date de sortie.",
        "submit": "Enregistrer la sortie",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(person, "#sorties"),
        message="La sortie est enregistrée.",
    )
