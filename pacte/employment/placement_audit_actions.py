"""Audit actions of immersions, tutoring and social clauses (see pacte/audit/registry.py); imported
by their services, which write them."""

from pacte.audit.registry import register

register("immersion.create", "Création d'une convention d'immersion (PMSMP)")
register("immersion.update", "Modification d'une convention d'immersion")
register("immersion.signature", "Signature d'une convention d'immersion par une partie")
register("immersion.signed", "Convention d'immersion signée par toutes les parties")
register("immersion.carried_out", "Immersion réalisée")
register("immersion.evaluated", "Évaluation d'une immersion")
register("immersion.cancelled", "Annulation d'une immersion")
register("immersion.read", "Consultation d'une immersion")
register("immersion.list", "Liste des immersions")
register("immersion.convention_pdf", "Téléchargement d'une convention d'immersion")
register("tutoring.create", "Début d'un tutorat dans l'emploi")
register("tutoring.meeting", "Point de tutorat")
register("tutoring.end", "Fin d'un tutorat")
register("tutoring.read", "Consultation d'un tutorat")
register("tutoring.list", "Liste des tutorats")
register("social_clause.create", "Enregistrement d'une clause sociale d'insertion")
register("social_clause.update", "Modification d'une clause sociale d'insertion")
register("social_clause.hours", "Saisie des heures d'insertion d'une personne pour un mois")
register("social_clause.hours_removed", "Suppression d'une saisie d'heures d'insertion")
register("social_clause.read", "Consultation d'une clause sociale et de ses heures")
register("social_clause.export", "Export des heures d'insertion d'une clause sociale")
