from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "pacte.organizations"
    verbose_name = "Organisations"

    def ready(self):
        from pacte.organizations import checks, perms  # noqa: F401  (checks: the deploy checks)
        from pacte.territory import scoping

        scoping.register(lambda user, field: perms.departement_q(user, *perms.MANAGER_ROLES, field=field))
