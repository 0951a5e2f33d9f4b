from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pacte.core"
    verbose_name = "Socle"
