from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pacte.pathways"
    verbose_name = "Parcours"
