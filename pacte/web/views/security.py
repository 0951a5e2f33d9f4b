"""The direction's security pages: the API tokens of its département's staff and their revocation,
and the invitations with which its staff enrol their second-factor app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations import perms
from pacte.organizations.models import ApiToken, User
from pacte.organizations.services import invite_to_two_factor, revoke_token
from pacte.web.forms import TwoFactorInvitationForm


def _tokens_for(user):
    if not perms.can_manage_api_tokens(user):
        raise PermissionDenied
    return ApiToken.objects.visible_to(user).select_related("user")


@login_required
def api_token_list(request):
    tokens = _tokens_for(request.user).active().order_by("-created_at", "-id")
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    return render(request, "web/security/api_tokens.html", {"page": page})


@login_required
@require_POST
def api_token_revoke(request, uuid):
    token = get_object_or_404(_tokens_for(request.user), uuid=uuid)
    try:
        revoke_token(token=token, actor=request.user, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Le jeton {token.prefix}… de {token.user} est révoqué.")
    return redirect("web:api_token_list")


NOT_IN_SCOPE = "Aucun compte actif de votre département n'a cette adresse."


@login_required
def two_factor_invite(request):
    """Create an invitation and show its link once, to be passed on to the person."""
    if not perms.can_manage_api_tokens(request.user):
        raise PermissionDenied
    form = TwoFactorInvitationForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        try:
            if user is None:
                raise DomainError(NOT_IN_SCOPE)
            invitation, secret = invite_to_two_factor(actor=request.user, user=user, request=request)
        except DomainError:
            form.add_error("email", NOT_IN_SCOPE)
        else:
            path = reverse("web:otp_enrol_invitation", kwargs={"key": secret})
            link = {
                "url": request.build_absolute_uri(path),
                "user": user,
                "expires_at": invitation.expires_at,
            }
            form = TwoFactorInvitationForm()
    return render(request, "web/security/invite.html", {"form": form, "link": link})
