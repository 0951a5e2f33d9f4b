"""Retention and anonymisation rules, declared by every model that holds personal data.

A model declares `PRIVACY = Privacy(fields={...}, retention_anchor=...)`: each concrete field says
what anonymisation does to it, and the anchor names the date after which the retention period runs
(by default: the end of accompaniment). `pacte purge` applies the rules; a test fails when a field
of such a model is not declared.
"""

import dataclasses
import enum
import hashlib

from django.apps import apps


class Rule(enum.StrEnum):
    KEEP = "keep"  # not personal, or needed for statistics (dates, codes)
    ERASE = "erase"  # set to empty / null
    PSEUDONYMISE = "pseudonymise"  # replaced by a stable, non-reversible token


@dataclasses.dataclass(frozen=True)
class Privacy:
    fields: dict
    # Name of a queryset method returning the rows whose retention period is over, given a cutoff date.
    expired_method: str = "retention_expired"
    # Flag set once a row has been anonymised, so that a purge is idempotent.
    anonymised_flag: str = "anonymised_at"


def personal_models():
    return [model for model in apps.get_models() if hasattr(model, "PRIVACY")]


def undeclared_fields(model):
    declared = set(model.PRIVACY.fields)
    return sorted(
        field.name
        for field in model._meta.concrete_fields
        if field.name not in declared and not field.primary_key
    )


def pseudonym(value, salt):
    if value in (None, ""):
        return value
    digest = hashlib.blake2b(f"{salt}:{value}".encode(), digest_size=6).hexdigest()
    return f"anonyme-{digest}"


def anonymised_values(instance):
    """Field values that anonymise `instance`, according to its model's declaration."""
    values = {}
    for name, rule in instance.PRIVACY.fields.items():
        if rule == Rule.KEEP:
            continue
        field = instance._meta.get_field(name)
        if rule == Rule.ERASE:
            values[name] = (
                None if field.null else ("" if hasattr(field, "max_length") else field.get_default())
            )
        else:
            values[name] = pseudonym(getattr(instance, name), instance.pk)
    return values
