from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pacte.audit"
    verbose_name = "Journal d'audit"
