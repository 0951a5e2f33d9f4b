"""The volatile database: progress, heartbeats and the cache, written while a long import holds the
main database's write lock (docs/decisions/002-background-tasks.md).

On SQLite it is a second file next to the main one, with its own tables and migration records. On
PostgreSQL it is the same database reached through a second connection: its tables are then created
by the main database's migrations, and the `volatile` alias migrates nothing (both share one
`django_migrations` table).
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

VOLATILE = "volatile"
# (app label, model name) of the models kept there; `django_cache` is Django's DatabaseCache.
VOLATILE_MODELS = {("core", "taskheartbeat"), ("django_cache", "cacheentry")}


def is_volatile(app_label, model_name):
    return (app_label, (model_name or "").lower()) in VOLATILE_MODELS


def volatile_is_separate():
    """Whether the volatile alias is another database (SQLite's second file) or the main one."""
    return settings.PACTE_VOLATILE_SEPARATE


class VolatileRouter:
    def _route(self, model):
        return VOLATILE if is_volatile(model._meta.app_label, model._meta.model_name) else None

    def db_for_read(self, model, **hints):
        return self._route(model)

    def db_for_write(self, model, **hints):
        return self._route(model)

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        volatile_model = is_volatile(app_label, model_name)
        if not volatile_is_separate():
            return db == DEFAULT_DB_ALIAS
        if db == VOLATILE:
            return volatile_model
        return not volatile_model
