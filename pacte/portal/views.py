"""The pages of the beneficiary's space. Plain words, one thing per page, made for a phone first."""

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pacte.audit.services import client_ip, log
from pacte.portal import signin
from pacte.portal.access import beneficiary_required
from pacte.portal.forms import CodeForm, IdentifierForm
from pacte.portal.summary import space_summary

SESSION_IDENTIFIER = "portal_identifier"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _open_space(request, user):
    login(request, user, backend=BACKEND)
    request.session.pop(SESSION_IDENTIFIER, None)
    log(actor=user, action="portal.login", obj=user, request=request)
    return redirect("portal:home")


@require_http_methods(["GET", "POST"])
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        signin.issue(
            identifier,
            link_for=lambda token: request.build_absolute_uri(reverse("portal:sign_in_link", args=[token])),
            request=request,
        )
        request.session[SESSION_IDENTIFIER] = identifier
        return redirect("portal:sign_in_code")
    return render(request, "portal/sign_in.html", {"form": form})


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    identifier = request.session.get(SESSION_IDENTIFIER)
    if not identifier:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.redeem_code(
                identifier, form.cleaned_data["code"], ip=client_ip(request), request=request
            )
        except signin.SignInError as error:
            form.add_error("code", error.message)
        else:
            return _open_space(request, user)
    return render(request, "portal/sign_in_code.html", {"form": form, "identifier": identifier})


@require_http_methods(["GET", "POST"])
def sign_in_link(request, token):
    # A link opened by a mail scanner must not use the code: the space opens on the button only.
    error = None
    if request.method == "POST":
        try:
            user = signin.redeem_link(token, request=request)
        except signin.SignInError as refused:
            error = refused.message
        else:
            return _open_space(request, user)
    return render(request, "portal/sign_in_link.html", {"error": error}, status=400 if error else 200)


def no_record(request):
    return render(request, "portal/no_record.html")


@beneficiary_required
def home(request):
    person = request.person
    log(actor=request.user, action="portal.read", obj=person, request=request, data={"page": "accueil"})
    context = {"person": person, **space_summary(person, now=timezone.now())}
    return render(request, "portal/home.html", context)
