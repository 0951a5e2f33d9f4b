from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "pacte.referentials"
    verbose_name = "Référentiels"
