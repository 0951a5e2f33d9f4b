"""Audit actions of the evaluation (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("pact.indicator.compute", "Calcul des indicateurs d'un pacte à partir des données de Pacte")
register("pact.bilan", "Production du bilan annuel d'un pacte")
