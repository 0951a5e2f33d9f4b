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


class ProposalForm(forms.Form):
    title = forms.CharField(
        label="Ce que je propose",
        help_text="En quelques mots. Exemple : passer le permis de conduire.",
        max_length=200,
        error_messages={"required": "Écrivez en quelques mots ce que vous proposez."},
    )
    details = forms.CharField(
        label="Plus de détails (si vous voulez)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TextForm(forms.Form):
    text = forms.CharField(label="Votre message", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label=None, help_text="", required_message="Écrivez votre message.", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = label or field.label
        field.help_text = help_text
        field.error_messages["required"] = required_message


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Votre note",
        coerce=int,
        choices=[
            (5, "5 – Très bien"),
            (4, "4 – Bien"),
            (3, "3 – Moyen"),
            (2, "2 – Pas très bien"),
            (1, "1 – Pas bien du tout"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une note de 1 à 5."},
    )
    comment = forms.CharField(
        label="Ce que vous voulez dire (si vous voulez)",
        help_text="Votre avis est anonyme : la structure ne sait pas qui l'a écrit.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
