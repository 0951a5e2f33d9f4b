from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "pacte.core"
    verbose_name = "Socle"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(*, using, verbosity=1, **kwargs):
    """The database cache's table, in the database the router gives it (the volatile one)."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))
