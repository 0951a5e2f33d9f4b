from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "pacte.portal"
    verbose_name = "Espace personnel"

    def ready(self):
        from pacte.portal import audit_actions  # noqa: F401  (registers the audit actions)
