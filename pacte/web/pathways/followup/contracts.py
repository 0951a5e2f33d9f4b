"""Contrat d'engagement: create, edit or delete a draft, sign, renew, end; the contract as a PDF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_read
from pacte.pathways import perms, services
from pacte.pathways.dates import contract_deadline
from pacte.pathways.enums import DEFAULT_WEEKLY_HOURS
from pacte.pathways.models import Contract, Orientation
from pacte.pathways.pdf import contract_document
from pacte.web.pathways.followup.access import check, form_page, person_or_404, posted, record_or_404
from pacte.web.pathways.followup.forms import ContractForm, DeleteForm, EndForm, RenewForm, SignForm


def _back(person):
    return reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) + "#contrats"


def _deadline_note(orientation):
    if orientation is None or orientation.decision_date is None:
        return "La personne n'est pas encore orientée : le contrat suit l'orientation."
    deadline = contract_deadline(orientation.decision_date)
    note = (
        f"Orientation décidée le {orientation.decision_date:%d/%m/%Y} : le contrat doit être signé "
        f"au plus tard le {deadline:%d/%m/%Y}"
    )
    late = " (délai dépassé)." if timezone.localdate() > deadline else "."
    return note + late


@login_required
def contract_create(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_sign_contract(request.user, person))
    orientation = Orientation.objects.current().filter(person=person).first()
    form = ContractForm(posted(request), initial={"weekly_hours": DEFAULT_WEEKLY_HOURS})

    def action(data):
        services.create_contract(
            actor=request.user,
            person=person,
            weekly_hours=data["weekly_hours"],
            hours_reason=data["hours_reason"],
            end_date=data["end_date"],
            commitments=data["commitments"],
            referent=request.user if perms.is_active_referent(request.user, person) else None,
        )

    context = {
        "person": person,
        "title": "Préparer le contrat d'engagement",
        "lead": _deadline_note(orientation),
        "submit": "Enregistrer le brouillon",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(person),
        message="Le contrat est préparé.",
    )


@login_required
def contract_edit(request, uuid):
    contract = record_or_404(request, Contract, uuid, "orientation")
    check(perms.can_sign_contract(request.user, contract.person))
    fields = ("weekly_hours", "hours_reason", "end_date", "commitments")
    form = ContractForm(posted(request), initial={name: getattr(contract, name) for name in fields})

    def action(data):
        services.update_contract(
            actor=request.user, contract=contract, **{name: data[name] for name in fields}
        )

    context = {
        "person": contract.person,
        "title": "Modifier le brouillon du contrat d'engagement",
        "lead": _deadline_note(contract.orientation),
        "submit": "Enregistrer le brouillon",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(contract.person),
        message="Le brouillon du contrat est modifié.",
    )


@login_required
def contract_delete(request, uuid):
    contract = record_or_404(request, Contract, uuid)
    check(perms.can_sign_contract(request.user, contract.person))

    def action(data):
        services.delete_contract(actor=request.user, contract=contract)

    context = {
        "person": contract.person,
        "title": "Supprimer le brouillon du contrat d'engagement",
        "lead": f"{contract} : le brouillon est supprimé, un autre peut être préparé.",
        "submit": "Supprimer le brouillon",
    }
    return form_page(
        request,
        DeleteForm(posted(request)),
        action=action,
        context=context,
        success=_back(contract.person),
        message="Le brouillon du contrat est supprimé.",
    )


@login_required
def contract_sign(request, uuid):
    contract = record_or_404(request, Contract, uuid, "orientation")
    check(perms.can_sign_contract(request.user, contract.person))
    form = SignForm(posted(request), initial={"signed_on": timezone.localdate()})

    def action(data):
        services.sign_contract(actor=request.user, contract=contract, signed_on=data["signed_on"])

    context = {
        "person": contract.person,
        "title": "Signer le contrat d'engagement",
        "lead": _deadline_note(contract.orientation),
        "submit": "Enregistrer la signature",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(contract.person),
        message="La signature du contrat est enregistrée.",
    )


@login_required
def contract_renew(request, uuid):
    contract = record_or_404(request, Contract, uuid)
    check(perms.can_sign_contract(request.user, contract.person))
    initial = {"signed_on": timezone.localdate(), "weekly_hours": contract.weekly_hours}
    form = RenewForm(posted(request), initial={**initial, "hours_reason": contract.hours_reason})

    def action(data):
        services.renew_contract(
            actor=request.user,
            contract=contract,
            signed_on=data["signed_on"],
            end_date=data["end_date"],
            weekly_hours=data["weekly_hours"],
            hours_reason=data["hours_reason"],
        )

    context = {
        "person": contract.person,
        "title": "Renouveler le contrat d'engagement",
        "lead": f"Le contrat en cours ({contract}) prend fin la veille du renouvellement.",
        "submit": "Renouveler",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(contract.person),
        message="Le contrat est renouvelé.",
    )


@login_required
def contract_end(request, uuid):
    contract = record_or_404(request, Contract, uuid)
    check(perms.can_sign_contract(request.user, contract.person))
    form = EndForm(posted(request), initial={"end_date": timezone.localdate()})

    def action(data):
        services.end_contract(actor=request.user, contract=contract, end_date=data["end_date"])

    context = {
        "person": contract.person,
        "title": "Mettre fin au contrat",
        "lead": str(contract),
        "submit": "Mettre fin au contrat",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=_back(contract.person),
        message="Le contrat a pris fin.",
    )


@login_required
def contract_pdf(request, uuid):
    contract = record_or_404(request, Contract, uuid, "organization", "referent")
    log_read(request, contract, action="contract.download")
    response = HttpResponse(contract_document(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="contrat-{contract.uuid}.pdf"'
    return response
