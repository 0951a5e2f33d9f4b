"""Audit actions on the pacts (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("pact.load", "Chargement d'un pacte depuis un fichier")
register("pact.adopt", "Adoption d'un pacte")
register("pact.close", "Clôture d'un pacte")
register("pact.reopen", "Retour en préparation d'un pacte")
register("pact.thematic.create", "Ajout d'une thématique à un pacte")
register("pact.thematic.update", "Modification d'une thématique d'un pacte")
register("pact.objective.create", "Ajout d'un objectif à un pacte")
register("pact.objective.update", "Modification d'un objectif d'un pacte")
register("pact.action.create", "Ajout d'une action à un pacte")
register("pact.action.update", "Modification d'une action d'un pacte")
register("pact.budget_line.create", "Ajout d'une ligne budgétaire à une action")
register("pact.signatory.create", "Ajout d'un signataire à un pacte")
register("pact.signatory.update", "Modification d'un signataire d'un pacte")
register("pact.indicator.value", "Saisie d'une valeur d'indicateur du pacte")
register("pact.indicator.create", "Ajout d'un indicateur au pacte")
register("pact.indicator.update", "Modification d'un indicateur du pacte")
