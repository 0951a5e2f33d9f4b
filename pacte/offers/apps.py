from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "pacte.offers"
    verbose_name = "Offre d'insertion"

    def ready(self):
        from pacte.beneficiaries import visibility
        from pacte.offers.visibility import partner_rule
        from pacte.organizations.enums import Role

        visibility.register(Role.PARTNER, partner_rule)
