"""Deployment checks of the ProConnect login (`pacte check --deploy`)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_proconnect(app_configs, **kwargs):
    if not settings.PACTE_PROCONNECT_ENABLED:
        return []
    errors = []
    if not (settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET):
        errors.append(
            Error(
                "ProConnect est activé sans PACTE_PROCONNECT_CLIENT_ID ni PACTE_PROCONNECT_CLIENT_SECRET.",
                hint="Renseignez l'identifiant et le secret que ProConnect a donnés à Pacte.",
                id="organizations.E001",
            )
        )
    if not settings.PACTE_PROCONNECT_URL.startswith("https://"):
        errors.append(
            Error(
                "PACTE_PROCONNECT_URL n'est pas une adresse https.",
                hint="Les jetons de ProConnect ne doivent circuler que chiffrés.",
                id="organizations.E002",
            )
        )
    return errors
