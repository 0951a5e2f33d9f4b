from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pacte.api"
    verbose_name = "API"
