from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "pacte.organizations"
    verbose_name = "Organisations"
