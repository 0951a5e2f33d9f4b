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
register("prescription.send", "Prescription d'une personne vers une offre")
register("prescription.accept", "Acceptation d'une prescription par la structure")
register("prescription.waitlist", "Mise en liste d'attente d'une prescription")
register("prescription.refuse", "Refus d'une prescription par la structure")
register("prescription.cancel", "Annulation d'une prescription par le prescripteur")
register("prescription.start", "Entrée d'une personne dans l'action prescrite")
register("prescription.complete", "Fin d'une action prescrite")
register("prescription.abandon", "Abandon d'une action prescrite")
register("prescription.attendance", "Déclaration de présence à une action prescrite")
