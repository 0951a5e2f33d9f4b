from django.apps import AppConfig
from django.core.checks import Tags, register

from pacte.audit import checks, registry


class AuditConfig(AppConfig):
    name = "pacte.audit"
    verbose_name = "Journal d'audit"

    def ready(self):
        register(checks.trusted_proxies_are_addresses, Tags.security)
        registry.autodiscover()
