"""Run by tests/core/test_migrations_on_data.py in a process of its own, on an empty database:
migrate every Pacte app to its initial migrations, fill every table of that state with generated
rows (through the historical models), migrate forward to the latest migrations, and print, as JSON,
the row counts before and after and what the data migrations had to do.

    python -m tests.core.migration_rows
"""

import datetime
import decimal
import json
import sys
import uuid

import django
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def main():
    django.setup()
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections, router
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    graph = MigrationExecutor(connection).loader.graph
    pacte_apps = sorted({app for app, _ in graph.nodes if _is_pacte(app)})
    initial = [
        max(name for a, name in graph.nodes if a == app and name.endswith("_initial")) for app in pacte_apps
    ]
    # An app born late (its initial migration needs later migrations of other apps, as the portal's
    # does) has no "initial state" beside the others': it is created on the way forward, empty.
    early = [
        (app, name)
        for app, name in zip(pacte_apps, initial, strict=True)
        if all(not _is_pacte(a) or n.endswith("_initial") for a, n in graph.forwards_plan((app, name)))
    ]
    pacte_apps, initial = [app for app, _ in early], [name for _, name in early]
    for app, name in early:
        call_command("migrate", app, name, verbosity=0, database=DEFAULT_DB_ALIAS)
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(list(executor.loader.applied_migrations))
    old = state.apps
    # The models the routers keep elsewhere (the task heartbeats' volatile database) have no table here.
    Rows(old).fill(
        [
            m
            for m in old.get_models()
            if _is_pacte(m._meta.app_label) and router.allow_migrate_model(DEFAULT_DB_ALIAS, m)
        ]
    )
    before = _counts(old)
    call_command("migrate", verbosity=0)
    from django.apps import apps as current

    after = _counts(current)
    from pacte.audit import chain
    from pacte.beneficiaries.models import Person

    report = {
        "initial": dict(zip(pacte_apps, initial, strict=True)),
        "before": before,
        "after": after,
        "audit_intact": chain.verify().intact,
        "persons_without_keys": Person.objects.filter(sort_key="").count(),
    }
    json.dump(report, sys.stdout)


def _is_pacte(app_label):
    from django.apps import apps

    try:
        return apps.get_app_config(app_label).name.startswith("pacte.")
    except LookupError:
        return False


def _counts(apps):
    from django.db import DEFAULT_DB_ALIAS, router

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if _is_pacte(model._meta.app_label)
        and model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    }


class Rows:
    """Three rows per model (and those they point at), each field a plain value of its type."""

    PER_MODEL = 3

    def __init__(self, apps):
        self.apps = apps
        self.counter = 0
        self.stack = []
        self.shared = {}

    def fill(self, models_):
        for model in models_:
            if model._meta.managed and not model._meta.proxy:
                for _ in range(self.PER_MODEL):
                    self.create(model)

    def create(self, model):
        if model in self.stack:
            raise RecursionError(" → ".join(m._meta.label for m in [*self.stack, model]))
        self.stack.append(model)
        try:
            return self._create(model)
        finally:
            self.stack.pop()

    def _create(self, model):
        values = {}
        for field in model._meta.concrete_fields:
            if field.primary_key and isinstance(field, models.AutoField):
                continue
            values[field.attname if field.is_relation else field.name] = self.value(field)
        return model._default_manager.create(**values)

    def value(self, field):
        self.counter += 1
        n = self.counter
        if field.is_relation:
            target = field.related_model
            if field.null:
                return None
            if field.unique or field.name in self.unique_fields(field.model):
                related = self.create(target)  # a row of its own, or the constraint would fail
            else:
                related = self.shared.get(target) or self.shared.setdefault(target, self.create(target))
            return getattr(related, field.target_field.attname)
        if field.choices:
            return (
                field.flatchoices[n % len(field.flatchoices)][0] if field.unique else field.flatchoices[0][0]
            )
        if field.null and not field.unique:
            return None
        if field.has_default() and not field.unique:
            return field.get_default()
        if field.blank and not field.unique and isinstance(field, models.CharField | models.TextField):
            return ""
        return self.plain(field, n)

    @staticmethod
    def unique_fields(model):
        names = {name for group in model._meta.unique_together for name in group}
        for constraint in model._meta.constraints:
            names.update(getattr(constraint, "fields", ()) or ())
        return names

    @staticmethod
    def bounded(field, n):
        """`n`, kept within the field's validators (its check constraints say the same)."""
        low = max([v.limit_value for v in field.validators if isinstance(v, MinValueValidator)], default=None)
        high = min(
            [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)], default=None
        )
        if low is None or high is None:
            return n if low is None else max(n, low)
        return low + n % (high - low + 1)

    @staticmethod
    def plain(field, n):
        if isinstance(field, models.CharField) and not isinstance(field, PLAIN_CHAR_FIELDS):
            width = field.max_length or 12
            return str(n).zfill(width)[-width:] if width < 12 else f"valeur {n}"
        if isinstance(field, models.IntegerField):
            return Rows.bounded(field, n)
        for kind, make in PLAIN_VALUES:
            if isinstance(field, kind):
                return make(n)
        raise TypeError(f"No value for {field.model._meta.label}.{field.name} ({type(field).__name__})")


# The first type that matches gives the value (subclasses before their parents).
PLAIN_VALUES = [
    (models.UUIDField, lambda n: uuid.uuid4()),
    (models.EmailField, lambda n: f"r{n}@example.org"),
    (models.GenericIPAddressField, lambda n: "127.0.0.1"),
    (models.TextField, lambda n: f"texte {n}"),
    (models.BooleanField, lambda n: False),
    (models.DecimalField, lambda n: decimal.Decimal(1)),
    (models.FloatField, lambda n: 1.0),
    (models.IntegerField, lambda n: n),
    (
        models.DateTimeField,
        lambda n: datetime.datetime(2025, 1, 1, 12, 0, tzinfo=datetime.UTC) + datetime.timedelta(seconds=n),
    ),
    (models.DateField, lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n % 300)),
    (models.DurationField, lambda n: datetime.timedelta(minutes=30)),
    (models.JSONField, lambda n: {}),
    (models.BinaryField, lambda n: b""),
    (models.FileField, lambda n: ""),
]
PLAIN_CHAR_FIELDS = (models.EmailField,)


if __name__ == "__main__":
    main()
