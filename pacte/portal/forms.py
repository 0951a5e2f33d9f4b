from django import forms


class IdentifierForm(forms.Form):
    identifier = forms.CharField(
        label="Votre adresse e-mail ou votre numéro de portable",
        help_text="Celle ou celui que vous avez donné à votre référent·e. Exemple : 06 12 34 56 78",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}),
        error_messages={"required": "Écrivez votre adresse e-mail ou votre numéro de portable."},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Le code reçu",
        help_text="6 chiffres. Exemple : 123456",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "Écrivez le code que vous avez reçu."},
    )


class MoveForm(forms.Form):
    message = forms.CharField(
        label="Quels jours et quelles heures vous arrangent ?",
        help_text="Exemple : le mardi ou le jeudi, plutôt le matin.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Dites-nous quels jours et quelles heures vous arrangent."},
    )
