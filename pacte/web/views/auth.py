"""Login with throttling (the site and the admin), and logout. The second factor: `two_factor.py`."""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from pacte.audit.services import client_ip, log
from pacte.organizations import perms, throttle
from pacte.organizations.enums import LoginChannel, Role
from pacte.organizations.perms import requires_two_factor
from pacte.organizations.services import login_gate, login_wait_message, record_login_attempt
from pacte.web.forms import LoginForm


def next_url(request, default="web:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def login_view(request):
    if request.user.is_authenticated:
        return redirect("web:home")
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        ip = client_ip(request)
        trusted = throttle.is_trusted_device(request, email)
        wait = login_gate(email=email, ip=ip, channel=LoginChannel.WEB, trusted=trusted)
        if wait:
            # Keep what was typed, but never check the password of a held-back attempt: the answer
            # must not tell a right password from a wrong one.
            form = LoginForm(request.POST, request=request, check_password=False)
            form.is_valid()
            form.add_error(None, login_wait_message(wait))
        elif form.is_valid():
            record_login_attempt(email=email, ip=ip, succeeded=True, channel=LoginChannel.WEB)
            login(request, form.user)
            log(actor=form.user, action="user.login", obj=form.user, request=request)
            response = redirect(next_url(request))
            if not requires_two_factor(form.user):
                # Those who owe a second factor are remembered once they have given it.
                throttle.remember_device(request, response, email)
            return response
        else:
            record_login_attempt(email=email, ip=ip, succeeded=False, channel=LoginChannel.WEB)
    context = {"form": form, "next": next_url(request, ""), "proconnect": settings.PACTE_PROCONNECT_ENABLED}
    return render(request, "web/auth/login.html", context)


@require_POST
def logout_view(request):
    # API tokens are not tied to the browser session: they end with `POST /api/v1/auth/logout/`,
    # their expiry, or the direction's revocation.
    target = "web:login"
    if request.user.is_authenticated:
        log(actor=request.user, action="user.logout", obj=request.user, request=request)
        if perms.roles(request.user) == {Role.BENEFICIARY}:
            target = "portal:sign_in"  # the person goes back to their space's door, not the staff's
    logout(request)
    messages.info(request, "Vous êtes déconnecté·e.")
    return redirect(target)


def admin_login(request, extra_context=None):
    """The admin's login page behind the same throttle as the site's, each attempt recorded."""
    if request.method != "POST" or request.user.is_authenticated:
        return admin.site.login(request, extra_context)
    email = request.POST.get("username", "").strip()
    ip = client_ip(request)
    trusted = throttle.is_trusted_device(request, email)
    wait = login_gate(email=email, ip=ip, channel=LoginChannel.ADMIN, trusted=trusted)
    if wait:
        return render(request, "web/auth/locked.html", {"message": login_wait_message(wait)}, status=429)
    response = admin.site.login(request, extra_context)
    succeeded = request.user.is_authenticated
    record_login_attempt(email=email, ip=ip, succeeded=succeeded, channel=LoginChannel.ADMIN)
    if succeeded:
        log(
            actor=request.user,
            action="user.login",
            obj=request.user,
            request=request,
            data={"channel": "admin"},
        )
        if not requires_two_factor(request.user):
            throttle.remember_device(request, response, email)
    return response
