from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "pacte.offers"
    verbose_name = "Offre d'insertion"
