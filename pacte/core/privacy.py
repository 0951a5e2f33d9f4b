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
from django.conf import settings
from django.db import models


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


# Pseudonyms of e-mail addresses stay valid addresses, in a domain that can never receive mail.
PSEUDONYM_EMAIL_DOMAIN = "anonyme.invalid"
# Below this length a field cannot hold "anonyme-" and enough of the digest: it gets the bare digest.
SHORT_FIELD = 20


def pseudonym(value, salt, *, max_length=None, email=False):
    """A stable, non-reversible token for `value`, keyed with the secret key, that fits the field."""
    if value in (None, ""):
        return value
    key = settings.SECRET_KEY.encode()[:64]
    digest = hashlib.blake2b(f"{salt}:{value}".encode(), digest_size=16, key=key).hexdigest()
    if email:
        return f"anonyme-{digest[:12]}@{PSEUDONYM_EMAIL_DOMAIN}"
    if max_length is not None and max_length < SHORT_FIELD:
        return digest[:max_length]
    return f"anonyme-{digest[:12]}"


def _erased(field):
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    if field.has_default():
        return field.get_default()
    raise ValueError(
        f"{field.model._meta.label}.{field.name} cannot be erased: make it nullable or give a default"
    )


def anonymised_values(instance):
    """Field values that anonymise `instance`, according to its model's declaration."""
    values = {}
    for name, rule in instance.PRIVACY.fields.items():
        if rule == Rule.KEEP:
            continue
        field = instance._meta.get_field(name)
        if rule == Rule.ERASE:
            values[field.attname] = _erased(field)
        else:
            values[field.attname] = pseudonym(
                getattr(instance, field.attname),
                instance.pk,
                max_length=field.max_length,
                email=isinstance(field, models.EmailField),
            )
    return values
