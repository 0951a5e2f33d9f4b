"""The staff's invitation pages: invite a person from their pathway, print the letter, the
outcomes per territory, the département's messages and delay."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.invitations import perms, services
from pacte.invitations.enums import Channel, InvitationKind
from pacte.invitations.letters import invitation_letter
from pacte.invitations.models import Invitation, InvitationPolicy
from pacte.invitations.queries import outcomes_by_territory, totals
from pacte.invitations.wording import sms_preview, templates_of
from pacte.organizations import perms as org_perms
from pacte.pathways.models import Orientation, ReferentAssignment
from pacte.territory.models import Departement
from pacte.web.charts import bar_chart
from pacte.web.form_pages import add_domain_error
from pacte.web.invitations.forms import InvitationForm, PolicyForm, TemplateForm
from pacte.web.pathways.followup.access import check, form_page, person_or_404, posted, record_or_404


def inviting_organization(user, person):
    """Who invites: the référent's structure, else the orientation body, else the user's own
    structure in the person's département."""
    assignment = (
        ReferentAssignment.objects.active().filter(person=person).select_related("organization").first()
    )
    if assignment is not None:
        return assignment.organization
    orientation = Orientation.objects.current().filter(person=person).select_related("body").first()
    if orientation is not None and orientation.body is not None:
        return orientation.body
    own = [org for org in org_perms.organizations_for(user) if org.departement_id == person.departement_code]
    return min(own, key=lambda org: (org.name, org.pk), default=None)


def base_url(request):
    return request.build_absolute_uri("/")


def _channel_lead(person, available):
    if Channel.EMAIL not in available and Channel.SMS not in available:
        return "La personne n'a ni courriel ni téléphone portable connus : l'invitation partira par courrier, à imprimer depuis son parcours."
    reached = [Channel(c).label.lower() for c in available if c != Channel.LETTER]
    return f"Contacts connus : {' et '.join(reached)} ; le courrier reste possible."


@login_required
def invitation_create(request, uuid):
    person = person_or_404(request, uuid)
    check(perms.can_invite(request.user, person))
    organization = inviting_organization(request.user, person)
    available = services.available_channels(person)
    has_orientation = Orientation.objects.decided().filter(person=person).exists()
    initial = {
        "kind": InvitationKind.ACCOMPANIMENT if has_orientation else InvitationKind.ORIENTATION,
        "channels": services.default_channels(person),
        "place": getattr(organization, "address", "") or "",
        "duration_minutes": 45,
    }
    form = InvitationForm(posted(request), initial=initial, channels=available)

    def action(data):
        if organization is None:
            raise DomainError(
                "Aucune structure pour inviter la personne : désignez un·e référent·e ou orientez-la."
            )
        services.invite(
            actor=request.user,
            person=person,
            organization=organization,
            kind=data["kind"],
            slots=form.slots(),
            place=data["place"],
            channels=data["channels"] or None,
            duration_minutes=data["duration_minutes"],
            base_url=base_url(request),
        )

    lead = f"Structure : {organization}. " if organization else ""
    context = {
        "person": person,
        "title": "Inviter à un rendez-vous",
        "lead": lead + _channel_lead(person, available),
        "submit": "Envoyer l'invitation",
    }
    return form_page(
        request,
        form,
        action=action,
        context=context,
        success=reverse("web:followup_pathway", kwargs={"uuid": person.uuid}) + "#invitations",
        message="L'invitation est envoyée.",
        aliases={"slots": "day_1"},
    )


@login_required
def invitation_letter_pdf(request, uuid):
    invitation = record_or_404(request, Invitation, uuid, "organization", "person__dossier")
    if not invitation.by_letter:
        raise Http404
    log(actor=request.user, action="invitation.letter", obj=invitation, request=request)
    body = invitation_letter(
        invitation, services.message_values(invitation, base_url(request)), services.slot_times(invitation)
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invitation-{invitation.uuid}.pdf"'
    return response


def _chosen_departement(request, codes):
    code = request.GET.get("departement") or (codes[0] if codes else "")
    if code not in codes:
        raise Http404
    return code


@login_required
def outcomes(request):
    check(perms.can_see_outcomes(request.user))
    codes = perms.outcome_departements(request.user)
    code = _chosen_departement(request, codes) if codes else ""
    rows = outcomes_by_territory([code]) if code else []
    context = {
        "departements": Departement.objects.filter(code__in=codes).order_by("code"),
        "departement_code": code,
        "rows": rows,
        "total": totals(rows),
        "chart": bar_chart(
            "Rendez-vous pris depuis une invitation, par territoire", [(r.territory, r.taken) for r in rows]
        ),
        "can_manage_templates": perms.can_manage_templates(request.user, code) if code else False,
    }
    return render(request, "web/invitations/outcomes.html", context)


def _managed_departement(user, code):
    check(perms.can_manage_templates(user))
    if not perms.can_manage_templates(user, code) or not Departement.objects.filter(code=code).exists():
        raise Http404
    return code


@login_required
def template_list(request):
    check(perms.can_manage_templates(request.user))
    codes = org_perms.departements_for(request.user, *org_perms.MANAGER_ROLES)
    code = _chosen_departement(request, codes)
    policy = InvitationPolicy.objects.filter(departement_id=code).first()
    context = {
        "departements": Departement.objects.filter(code__in=codes).order_by("code"),
        "departement_code": code,
        "templates": templates_of(code),
        "expiry_days": services.expiry_days(code),
        "policy_form": PolicyForm(instance=policy, initial={"expiry_days": services.expiry_days(code)}),
    }
    return render(request, "web/invitations/templates.html", context)


@login_required
def template_edit(request, code, kind, channel):
    code = _managed_departement(request.user, code)
    if kind not in InvitationKind.values or channel not in Channel.values:
        raise Http404
    current = next(t for t in templates_of(code) if t["kind"] == kind and t["channel"] == channel)
    back = reverse("web:invitation_templates") + f"?departement={code}"
    if request.method == "POST" and "reset" in request.POST:
        services.reset_template(actor=request.user, departement_code=code, kind=kind, channel=channel)
        messages.success(request, "Le texte par défaut est rétabli.")
        return redirect(back)
    body = request.POST.get("body", current["body"]) if request.method == "POST" else current["body"]
    form = TemplateForm(
        posted(request),
        initial={"subject": current["subject"], "body": current["body"]},
        channel=channel,
        length=sms_preview(body) if channel == Channel.SMS else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_template(
                actor=request.user,
                departement_code=code,
                kind=kind,
                channel=channel,
                subject=form.cleaned_data.get("subject", ""),
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le modèle de message est enregistré.")
            return redirect(back)
    context = {
        "form": form,
        "title": f"{InvitationKind(kind).label} – {Channel(channel).label}",
        "back": back,
        "customised": current["customised"],
        "departement_code": code,
    }
    return render(request, "web/invitations/template_edit.html", context)


@login_required
def policy_edit(request, code):
    code = _managed_departement(request.user, code)
    policy = InvitationPolicy.objects.filter(departement_id=code).first()
    form = PolicyForm(posted(request), instance=policy, initial={"expiry_days": services.expiry_days(code)})
    back = reverse("web:invitation_templates") + f"?departement={code}"
    if request.method == "POST" and form.is_valid():
        try:
            services.set_expiry_days(
                actor=request.user, departement_code=code, days=form.cleaned_data["expiry_days"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Le délai de réponse est enregistré.")
            return redirect(back)
    context = {
        "form": form,
        "title": "Délai de réponse aux invitations",
        "lead": "Passé ce délai, l'invitation est comptée « sans réponse » ; une relance part à mi-délai.",
        "submit": "Enregistrer le délai",
        "back": back,
    }
    return render(request, "web/pathways/followup/form.html", context)
