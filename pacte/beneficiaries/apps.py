from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "pacte.beneficiaries"
    verbose_name = "Bénéficiaires"
