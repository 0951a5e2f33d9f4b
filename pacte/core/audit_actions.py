"""Audit actions of the platform (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("privacy.anonymise", "Anonymisation à la fin de la durée de conservation")
