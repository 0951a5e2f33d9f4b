"""Audit actions on invitations (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("invitation.send", "Envoi d'une invitation à un rendez-vous")
register("invitation.open", "Ouverture d'une invitation par la personne")
register("invitation.appointment_taken", "Rendez-vous pris depuis une invitation")
register("invitation.expire", "Invitation restée sans réponse")
register("invitation.reminder", "Relance d'une invitation")
register("invitation.letter", "Téléchargement d'un courrier d'invitation")
register("invitation.template.update", "Modification d'un modèle de message d'invitation")
register("invitation.template.reset", "Retour au modèle de message d'invitation par défaut")
register("invitation.policy.update", "Modification du délai de réponse aux invitations")
