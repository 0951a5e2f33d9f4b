"""The direction's security page: the API tokens of its département's staff, and their revocation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from pacte.core.errors import DomainError
from pacte.organizations import perms
from pacte.organizations.models import ApiToken
from pacte.organizations.services import revoke_token


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
