from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "pacte.pathways"
    verbose_name = "Parcours"

    def ready(self):
        from pacte.beneficiaries import derived, visibility
        from pacte.organizations.enums import Role
        from pacte.pathways import facts, timeline
        from pacte.pathways.models import PathwayFacts
        from pacte.pathways.visibility import orientation_agent_rule, referent_rule
        from pacte.territory import followers

        visibility.register(Role.ORIENTATION_AGENT, orientation_agent_rule)
        visibility.register(Role.REFERENT, referent_rule)
        timeline.autodiscover()
        derived.register(facts.refresh_dossiers)
        followers.register(PathwayFacts, counted=False)
