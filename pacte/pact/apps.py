from django.apps import AppConfig


class PactConfig(AppConfig):
    name = "pacte.pact"
    verbose_name = "Pacte territorial d'insertion"
