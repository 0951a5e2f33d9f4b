"""Audit actions on accounts, organisations and memberships (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("user.login", "Connexion")
register("user.logout", "Déconnexion")
register("user.otp_enrolled", "Enrôlement de la double authentification")
register("user.otp_verified", "Double authentification vérifiée")
register("user.api_token", "Jeton d'API délivré")
register("user.create", "Création d'un compte")
register("user.update", "Modification d'un compte")
register("user.deactivate", "Désactivation d'un compte")
register("organization.create", "Création d'une structure")
register("organization.update", "Modification d'une structure")
register("membership.grant", "Attribution d'une habilitation")
register("membership.revoke", "Retrait d'une habilitation")
register("user.otp_invite", "Invitation à enrôler la double authentification")
register("user.otp_installed", "Double authentification installée")
register("api_token.issue", "Jeton d'API délivré")
register("api_token.revoke", "Jeton d'API révoqué")
