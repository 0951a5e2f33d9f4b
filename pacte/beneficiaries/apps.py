from django.apps import AppConfig


class BeneficiariesConfig(AppConfig):
    name = "pacte.beneficiaries"
    verbose_name = "Bénéficiaires"

    def ready(self):
        from pacte.beneficiaries import checks  # noqa: F401  (registers the deploy checks)
        from pacte.beneficiaries.models import Dossier
        from pacte.territory import followers

        followers.register(Dossier)  # a dossier's territory is its commune's
