from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "pacte.beneficiaries"
    verbose_name = "Bénéficiaires"

    def ready(self):
        from pacte.beneficiaries import checks  # noqa: F401  (registers the deploy checks)
