"""Caseloads: the référent's own, and for the direction every référent's, with transfers."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from pacte.audit.services import log_list
from pacte.organizations import perms as org_perms
from pacte.organizations.enums import Role
from pacte.pathways import services
from pacte.pathways.services import followup_reads
from pacte.web.pathways.followup.access import (
    check,
    check_reader,
    confirm_page,
    form_page,
    needs_confirmation,
    people,
    posted,
)
from pacte.web.pathways.followup.forms import TransferForm

PAGE_SIZE = 50


def _log_caseload(request, page, referent):
    query = {"referent": str(referent.uuid), "page": page.number}
    log_list(request, action="followup.caseload.list", persons=[p.uuid for p in page], query=query)


def _rows(user, referent):
    rows = followup_reads.caseload_rows(user, referent, today=timezone.localdate(), now=timezone.now())
    return rows.select_related("dossier__territory")


@login_required
def my_caseload(request):
    check_reader(request.user)
    check(org_perms.holds(request.user, Role.REFERENT))
    page = Paginator(_rows(request.user, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    _log_caseload(request, page, request.user)
    return render(
        request, "web/pathways/followup/caseload.html", {"page": page, "referent": request.user, "mine": True}
    )


@login_required
def caseload_list(request):
    check(followup_reads.can_manage_caseloads(request.user))
    rows = followup_reads.caseloads(request.user)
    return render(request, "web/pathways/followup/caseloads.html", {"rows": rows})


def _referent(request, uuid):
    check(followup_reads.can_manage_caseloads(request.user))
    membership = followup_reads.referents_for(request.user).filter(user__uuid=uuid).first()
    if membership is None:
        raise Http404
    return membership.user


@login_required
def caseload_detail(request, uuid):
    referent = _referent(request, uuid)
    page = Paginator(_rows(request.user, referent), PAGE_SIZE).get_page(request.GET.get("page"))
    _log_caseload(request, page, referent)
    return render(
        request, "web/pathways/followup/caseload.html", {"page": page, "referent": referent, "mine": False}
    )


@login_required
def caseload_transfer(request, uuid):
    referent = _referent(request, uuid)
    caseload = _rows(request.user, referent)
    targets = followup_reads.referents_for(request.user).exclude(user=referent)
    form = TransferForm(
        posted(request),
        memberships=targets,
        persons=caseload,
        initial={"start_date": timezone.localdate()},
    )

    def action(data):
        chosen = caseload.filter(uuid__in=data["persons"]) if data["persons"] else None
        services.transfer_caseload(
            actor=request.user,
            from_referent=referent,
            to_referent=data["membership"].user,
            organization=data["membership"].organization,
            persons=chosen,
            on=data["start_date"],
        )

    back = reverse("web:followup_caseload_detail", kwargs={"uuid": referent.uuid})
    if (
        request.method == "POST"
        and form.is_valid()
        and not form.cleaned_data["persons"]
        and needs_confirmation(request)
    ):
        count = caseload.count()
        moved = "seront transférées" if count > 1 else "sera transférée"
        target, on = form.cleaned_data["membership"].user, form.cleaned_data["start_date"]
        return confirm_page(
            request,
            title=f"Transférer tout le portefeuille de {referent}",
            lead=f"{people(count)} {moved} à {target} le {on:%d/%m/%Y}.",
            submit="Confirmer le transfert",
            back=back,
        )
    context = {
        "title": f"Transférer le portefeuille de {referent}",
        "lead": "Chaque personne transférée garde l'historique de ses désignations.",
        "submit": "Transférer",
        "back": back,
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=reverse("web:followup_caseloads"),
        message="Le transfert est enregistré.",
        aliases={"on": "start_date"},
    )
