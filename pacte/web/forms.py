from django import forms
from django.contrib.auth import authenticate

from pacte.organizations.perms import STAFF_ROLES


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request=None, check_password=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.check_password = check_password
        self.user = None

    def clean(self):
        cleaned = super().clean()
        email, password = cleaned.get("email"), cleaned.get("password")
        if email and password and self.check_password:
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None:
                raise forms.ValidationError(
                    "Adresse électronique ou mot de passe incorrect.", code="invalid_login"
                )
        return cleaned


class OtpForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )


class TwoFactorInvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de l'agent",
        help_text="Le lien servira une fois, pendant 72 heures, et annule les invitations précédentes de ce compte.",
    )


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.departement_id})"


class MembershipForm(forms.Form):
    """A role in an organisation of the direction's départements."""

    organization = OrganizationChoiceField(
        label="Structure", queryset=None, empty_label="Choisir une structure"
    )
    role = forms.ChoiceField(label="Rôle", choices=())

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["role"].choices = [("", "Choisir un rôle")] + [
            (role.value, role.label) for role in STAFF_ROLES
        ]


class StaffInviteForm(MembershipForm):
    email = forms.EmailField(
        label="Adresse électronique professionnelle", widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)

    field_order = ["email", "first_name", "last_name", "organization", "role"]
