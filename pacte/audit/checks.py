import ipaddress

from django.conf import settings
from django.core.checks import Error


def trusted_proxies_are_addresses(app_configs, **kwargs):
    """A typo in PACTE_TRUSTED_PROXIES would fail every request: say so at start-up instead."""
    errors = []
    for entry in settings.PACTE_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"PACTE_TRUSTED_PROXIES : « {entry} » n'est ni une adresse IP ni un réseau (10.0.0.0/8).",
                    id="pacte.audit.E001",
                )
            )
    return errors
