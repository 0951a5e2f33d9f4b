"""Audit actions on territories (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("territory.update", "Modification d'un territoire")
register("territory.communes_move", "Déplacement de communes vers un territoire")
register("departement.signatory_update", "Modification du signataire des courriers d'un département")
