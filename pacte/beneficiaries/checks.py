"""Deployment checks of the NIR key (`pacte check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from pacte.beneficiaries.crypto import MIN_KEY_LENGTH


@register(Tags.security, deploy=True)
def check_nir_key(app_configs, **kwargs):
    key = settings.PACTE_NIR_KEY
    if key == settings.SECRET_KEY:
        return [
            Error(
                "PACTE_NIR_KEY est égale à SECRET_KEY.",
                hint="Donnez au NIR sa propre clé : changer SECRET_KEY ne doit pas rendre les NIR illisibles.",
                id="beneficiaries.E001",
            )
        ]
    if len(key) < MIN_KEY_LENGTH:
        return [
            Error(
                f"PACTE_NIR_KEY compte moins de {MIN_KEY_LENGTH} caractères.",
                hint="Générez-la par exemple avec : python -c 'import secrets; print(secrets.token_urlsafe(48))'",
                id="beneficiaries.E002",
            )
        ]
    return []
