"""Audit actions of the beneficiary's space (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("portal.code_sent", "Envoi d'un code de connexion à l'espace personnel")
register("portal.code_refused", "Code de connexion à l'espace personnel refusé")
register("portal.login", "Connexion à l'espace personnel")
register("portal.read", "Consultation de son espace personnel")
register("portal.appointment_reply", "Réponse à un rendez-vous depuis l'espace personnel")
register("portal.appointment_reply_seen", "Réponse à un rendez-vous vue par le ou la référent·e")
register("portal.export", "Téléchargement de toutes ses données depuis l'espace personnel")
register("portal.comment", "Commentaire de la personne sur son plan d'action")
register("portal.agreement", "Accord de la personne sur son plan d'action")
register("portal.blocker", "La personne dit ce qui la bloque")
register("portal.contribution_seen", "Message de la personne vu par le ou la référent·e")
register("portal.rating", "Avis de la personne sur une action")
register("portal.open_space", "Ouverture de l'espace personnel d'une personne")
