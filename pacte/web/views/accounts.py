"""The direction's staff pages: the accounts of its départements, invitations by e-mail, changes of
role and organisation, deactivation. Every write is a service of pacte.organizations, which checks
the scope again and writes the audit log; an account or membership out of scope is a 404."""

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership, Organization, User
from pacte.organizations.services import (
    add_membership,
    change_membership,
    deactivate_user,
    invite_staff,
    invite_to_two_factor,
    resend_invitation,
    revoke_membership,
)
from pacte.web.forms import MembershipForm, StaffInviteForm
from pacte.web.views.passwords import invitation_token_generator

logger = logging.getLogger(__name__)

# DomainError codes of the membership services, and the form field each one is about.
FIELD_OF_ERROR = {"organization": "organization", "role": "role", "exists": "email"}


def _staff_for(user):
    if not perms.can_manage_staff(user):
        raise PermissionDenied
    return User.objects.visible_to(user)


def _scope(user):
    return perms.departement_q(user, Role.DIRECTION, field="organization__departement_id")


def _organizations_for(user):
    return (
        Organization.objects.filter(perms.departement_q(user, Role.DIRECTION, field="departement_id"))
        .filter(is_active=True)
        .order_by("departement_id", "name", "id")
    )


def _memberships(actor, user):
    """The user's memberships in the actor's départements, the withdrawn ones after."""
    return (
        user.memberships.filter(_scope(actor))
        .select_related("organization")
        .order_by("-is_active", "organization__name", "role", "id")
    )


def _form_error(form, error):
    form.add_error(FIELD_OF_ERROR.get(error.code), error.message)


def send_invitation(request, user):
    """E-mail the link with which `user` chooses a password, and for the roles that use two factors
    the link that enrols their app (a new one: earlier ones lapse)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = invitation_token_generator.make_token(user)
    context = {
        "user": user,
        "setup_url": request.build_absolute_uri(
            reverse("web:account_setup", kwargs={"uidb64": uid, "token": token})
        ),
        "memberships": user.memberships.active().select_related("organization"),
        "otp_url": None,
    }
    if perms.requires_two_factor(user):
        _, secret = invite_to_two_factor(actor=request.user, user=user, request=request)
        context["otp_url"] = request.build_absolute_uri(
            reverse("web:otp_enrol_invitation", kwargs={"key": secret})
        )
    send_mail(
        render_to_string("web/accounts/invitation_subject.txt", context).strip(),
        render_to_string("web/accounts/invitation_email.txt", context),
        None,
        [user.email],
    )


def _send_or_say(request, user, success):
    try:
        send_invitation(request, user)
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation e-mail to user %s failed", user.pk)
        messages.error(
            request,
            "Le courriel d'invitation n'a pas pu partir : réessayez avec « Renvoyer l'invitation ».",
        )
    else:
        messages.success(request, success)


@login_required
def staff_list(request):
    memberships = Membership.objects.filter(_scope(request.user), is_active=True).select_related(
        "organization"
    )
    staff = (
        _staff_for(request.user)
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="scoped_memberships"))
        .order_by("-is_active", "last_name", "first_name", "email")
    )
    query = request.GET.get("q", "").strip()
    for word in query.split():
        staff = staff.filter(
            Q(email__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
        )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "web/accounts/list.html", {"page": page, "query": query})


@login_required
def staff_invite(request):
    if not perms.can_manage_staff(request.user):
        raise PermissionDenied
    form = StaffInviteForm(request.POST or None, organizations=_organizations_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invite_staff(
                actor=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organization=data["organization"],
                role=data["role"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            _send_or_say(request, user, f"Invitation envoyée à {user.email}.")
            return redirect("web:staff_detail", uuid=user.uuid)
    return render(request, "web/accounts/invite.html", {"form": form})


def _detail(request, user, *, bound=None):
    """The account page; `bound` is (membership pk or "new", the form as posted) after a refusal."""
    organizations = _organizations_for(request.user)
    rows = []
    for membership in _memberships(request.user, user):
        form = None
        if membership.is_active:
            if bound and bound[0] == membership.pk:
                form = bound[1]
            else:
                initial = {"organization": membership.organization_id, "role": membership.role}
                form = MembershipForm(
                    initial=initial, organizations=organizations, prefix=f"membership-{membership.pk}"
                )
        rows.append((membership, form))
    add_form = bound[1] if bound and bound[0] == "new" else None
    context = {
        "account": user,
        "rows": rows,
        "add_form": add_form or MembershipForm(organizations=organizations, prefix="new"),
        "can_deactivate": user.is_active and perms.can_deactivate(request.user, user),
        "can_resend": user.is_active and not user.has_usable_password(),
    }
    return render(request, "web/accounts/detail.html", context)


@login_required
def staff_detail(request, uuid):
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    return _detail(request, user)


@login_required
@require_POST
def staff_membership_add(request, uuid):
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    form = MembershipForm(request.POST, organizations=_organizations_for(request.user), prefix="new")
    if form.is_valid():
        try:
            add_membership(actor=request.user, user=user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Habilitation ajoutée.")
            return redirect("web:staff_detail", uuid=user.uuid)
    return _detail(request, user, bound=("new", form))


@login_required
@require_POST
def staff_membership_change(request, uuid, pk):
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    membership = get_object_or_404(_memberships(request.user, user).filter(is_active=True), pk=pk)
    form = MembershipForm(
        request.POST, organizations=_organizations_for(request.user), prefix=f"membership-{membership.pk}"
    )
    if form.is_valid():
        try:
            change_membership(actor=request.user, membership=membership, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Habilitation modifiée.")
            return redirect("web:staff_detail", uuid=user.uuid)
    return _detail(request, user, bound=(membership.pk, form))


@login_required
@require_POST
def staff_membership_revoke(request, uuid, pk):
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    membership = get_object_or_404(_memberships(request.user, user), pk=pk)
    try:
        revoke_membership(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Habilitation retirée : {membership.get_role_display()} – {membership.organization}."
        )
    return redirect("web:staff_detail", uuid=user.uuid)


@login_required
@require_POST
def staff_resend_invitation(request, uuid):
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    try:
        resend_invitation(actor=request.user, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _send_or_say(request, user, f"Invitation envoyée à nouveau à {user.email}.")
    return redirect("web:staff_detail", uuid=user.uuid)


@login_required
def staff_deactivate(request, uuid):
    """Ask for confirmation, then deactivate the account."""
    user = get_object_or_404(_staff_for(request.user), uuid=uuid)
    if request.method == "POST":
        try:
            deactivate_user(actor=request.user, user=user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Le compte de {user} est désactivé.")
        return redirect("web:staff_detail", uuid=user.uuid)
    return render(request, "web/accounts/deactivate.html", {"account": user})
