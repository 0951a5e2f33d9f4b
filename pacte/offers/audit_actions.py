"""Audit actions on the offre d'insertion (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("offer.create", "Création d'une offre d'insertion")
register("offer.update", "Modification d'une offre d'insertion")
register("offer.publish", "Publication d'une offre d'insertion")
register("offer.archive", "Archivage d'une offre d'insertion")
register("offer.unpublish", "Retour en brouillon d'une offre d'insertion")
register("offer.reminder", "Relance d'une structure pour une offre non mise à jour")
register("offer.session.create", "Ajout d'une session à une offre")
register("offer.session.delete", "Suppression d'une session d'une offre")
