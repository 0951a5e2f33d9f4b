from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "pacte.territory"
    verbose_name = "Territoire"
