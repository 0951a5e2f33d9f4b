from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "pacte.demo"
    verbose_name = "Démonstration"
