"""The second factor (TOTP) of the roles that read the NIR or health data.

A device is enrolled only from a single-use invitation (`pacte invite EMAIL`) or by a user who has
already verified their current device; a password alone never shows an enrolment secret. Verifying
a code changes the session key, so that the cookie of the password step opens nothing afterwards."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.audit.services import log
from pacte.organizations import throttle
from pacte.organizations.perms import requires_two_factor
from pacte.organizations.services import confirm_device, pending_device, usable_invitation
from pacte.web.forms import OtpForm
from pacte.web.views.auth import next_url

WRONG_CODE = "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et réessayez."


def _qr_svg(uri):
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _verified(request, device, destination):
    """The session now carries the second factor: new session key, browser remembered."""
    otp_login(request, device)
    request.session.cycle_key()
    log(actor=request.user, action="user.otp_verified", obj=request.user, request=request)
    return throttle.remember_device(request, redirect(destination), request.user.email)


@login_required
def otp_verify(request):
    """Enter the code of the user's device; without one, say how to get an invitation."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).first()
    if device is None:
        return render(request, "web/auth/otp_no_device.html")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            return _verified(request, device, next_url(request))
        form.add_error("token", WRONG_CODE)
    return render(request, "web/auth/otp.html", {"form": form, "next": next_url(request, "")})


PENDING_DEVICE = "pacte_pending_device"


def _enrol(request, invitation=None):
    device = pending_device(user=request.user, device_id=request.session.get(PENDING_DEVICE), request=request)
    request.session[PENDING_DEVICE] = device.pk
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if confirm_device(
            user=request.user, device=device, token=token, invitation=invitation, request=request
        ):
            device.refresh_from_db()
            request.session.pop(PENDING_DEVICE, None)
            return _verified(request, device, "web:home")
        form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "qr_code": _qr_svg(device.config_url),
        "secret": base64.b32encode(device.bin_key).decode(),
        "reenrolment": invitation is None,
    }
    return render(request, "web/auth/otp_enrol.html", context)


@login_required
def otp_enrol_invitation(request, key):
    """Enrol a device from the invitation the direction sent (the user has logged in first)."""
    invitation = usable_invitation(user=request.user, secret=key)
    if invitation is None:
        return render(request, "web/auth/invitation_invalid.html", status=404)
    return _enrol(request, invitation)


@login_required
def otp_enrol(request):
    """Replace one's device (a new phone), once the current one has been verified."""
    if not requires_two_factor(request.user):
        raise PermissionDenied
    if not request.user.is_verified():
        return redirect(f"{reverse('web:otp_verify')}?next={request.path}")
    return _enrol(request)
