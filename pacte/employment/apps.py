from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "pacte.employment"
    verbose_name = "Emploi et relations entreprises"
