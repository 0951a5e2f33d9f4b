from django.apps import AppConfig

from pacte.audit import registry


class AuditConfig(AppConfig):
    name = "pacte.audit"
    verbose_name = "Journal d'audit"

    def ready(self):
        registry.autodiscover()
