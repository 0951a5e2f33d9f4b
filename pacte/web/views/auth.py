"""Login with throttling, logout, and the second factor (TOTP) for sensitive roles."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.services import client_ip, log
from pacte.organizations.services import login_blocked, record_login_attempt
from pacte.web.forms import LoginForm, OtpForm


def _next_url(request, default="web:home"):
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
        if login_blocked(email=email, ip=ip):
            # Keep what was typed, but never check the password of a locked address: the answer
            # must not tell a right password from a wrong one.
            form = LoginForm(request.POST, request=request, check_password=False)
            form.is_valid()
            form.add_error(
                None,
                "Trop de tentatives de connexion. Réessayez dans quelques minutes ou contactez votre "
                "administrateur.",
            )
        elif form.is_valid():
            record_login_attempt(email=email, ip=ip, succeeded=True)
            login(request, form.user)
            log(actor=form.user, action="user.login", obj=form.user, request=request)
            return redirect(_next_url(request))
        else:
            record_login_attempt(email=email, ip=ip, succeeded=False)
    return render(request, "web/auth/login.html", {"form": form, "next": _next_url(request, "")})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        log(actor=request.user, action="user.logout", obj=request.user, request=request)
    logout(request)
    messages.info(request, "Vous êtes déconnecté·e.")
    return redirect("web:login")


def _qr_svg(uri):
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def otp_verify(request):
    """Enter the code of an existing device, or set one up on first login."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=None).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name="Application d'authentification", confirmed=False
        )
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if not device.confirmed:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                log(actor=request.user, action="user.otp_enrolled", obj=request.user, request=request)
            otp_login(request, device)
            log(actor=request.user, action="user.otp_verified", obj=request.user, request=request)
            return redirect(_next_url(request))
        form.add_error("token", "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez.")
    context = {"form": form, "enrolling": not device.confirmed, "next": _next_url(request, "")}
    if not device.confirmed:
        context["qr_code"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "web/auth/otp.html", context)
