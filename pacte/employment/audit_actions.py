"""Audit actions of the employment app (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("employer.create", "Création d'un employeur")
register("employer.update", "Modification d'un employeur")
register("employer.contact.create", "Ajout d'un contact chez un employeur")
register("employer.contact.left", "Contact employeur plus en poste")
register("employer.interaction.create", "Enregistrement d'un échange avec un employeur")
register("employer.interaction.follow_up_done", "Relance d'un employeur effectuée")
register("insertion_position.create", "Ajout d'un poste d'insertion d'une SIAE")
register("job_offer.create", "Création d'une offre d'emploi")
register("job_offer.update", "Modification d'une offre d'emploi")
register("job_offer.filled", "Offre d'emploi pourvue")
register("job_offer.closed", "Offre d'emploi close sans recrutement")
register("job_offer.open", "Réouverture d'une offre d'emploi")
register("tension.load", "Chargement d'une liste de métiers en tension")
register("job_offer_import.review", "Dépôt d'un fichier d'offres d'emploi à vérifier")
register("job_offer_import.applied", "Import d'un fichier d'offres d'emploi")
register("job_offer_import.cancelled", "Abandon d'un import d'offres d'emploi")
