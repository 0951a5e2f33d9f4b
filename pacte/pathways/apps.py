from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pacte.pathways"
    verbose_name = "Parcours"

    def ready(self):
        from pacte.beneficiaries import visibility
        from pacte.organizations.enums import Role
        from pacte.pathways import timeline
        from pacte.pathways.visibility import orientation_agent_rule, referent_rule

        visibility.register(Role.ORIENTATION_AGENT, orientation_agent_rule)
        visibility.register(Role.REFERENT, referent_rule)
        timeline.autodiscover()
