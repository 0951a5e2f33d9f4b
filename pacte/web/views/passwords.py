"""Choosing a password: from the invitation the direction sends a new staff member, and from
"mot de passe oublié" on the login page. Django's views and one-time tokens, French templates.

A link's token is made of the account's password hash and last login, so it opens once: the
password it sets makes it void. The reset page answers the same whether the address is known or
not; an invitation token never opens the reset page, nor the other way round (two salts)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.cache import cache
from django.urls import reverse_lazy

from pacte.audit.services import log
from pacte.organizations.services import record_password_set

RESET_EMAIL_INTERVAL = 300


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "pacte.web.views.passwords.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def get_users(self, email):
        # One e-mail per account every few minutes, so that the form cannot flood a mailbox; the
        # page answers the same.
        for user in super().get_users(email):
            if cache.add(f"pacte:password-reset:{user.pk}", True, timeout=RESET_EMAIL_INTERVAL):
                log(actor=None, action="user.password_reset_request", obj=user)
                yield user


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "web/auth/password_reset.html"
    email_template_name = "web/auth/password_reset_email.txt"
    subject_template_name = "web/auth/password_reset_subject.txt"
    success_url = reverse_lazy("web:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "web/auth/password_reset_done.html"


class _SetPasswordView(auth_views.PasswordResetConfirmView):
    invitation = False

    def get_user(self, uidb64):
        # A deactivated account's links are void.
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        record_password_set(user=form.user, invitation=self.invitation, request=self.request)
        return response


class PasswordResetConfirmView(_SetPasswordView):
    token_generator = default_token_generator
    template_name = "web/auth/password_reset_confirm.html"
    success_url = reverse_lazy("web:password_reset_complete")


class AccountSetupView(_SetPasswordView):
    """The invitation's link: the new staff member chooses a password."""

    invitation = True
    token_generator = invitation_token_generator
    template_name = "web/auth/account_setup.html"
    success_url = reverse_lazy("web:account_setup_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "web/auth/password_reset_complete.html"
