"""Audit actions on dossiers, persons and their imports (see pacte/audit/registry.py)."""

from pacte.audit.registry import register

register("person.read", "Consultation d'une fiche")
register("person.list", "Liste ou recherche de personnes")
register("caf_import.import", "Import d'un fichier CAF")
register("caf_import.reject", "Fichier CAF refusé")
register("spreadsheet_mapping.create", "Création d'une correspondance de colonnes")
register("spreadsheet_mapping.update", "Modification d'une correspondance de colonnes")
register("spreadsheet_import.upload", "Dépôt d'un tableur de bénéficiaires")
register("spreadsheet_import.parse", "Lecture d'un tableur de bénéficiaires déposé")
register("spreadsheet_import.reject", "Tableur de bénéficiaires refusé")
register("spreadsheet_import.review", "Vérification d'un tableur de bénéficiaires")
register("spreadsheet_import.apply", "Import d'un tableur de bénéficiaires")
register("spreadsheet_import.cancel", "Abandon d'un tableur de bénéficiaires")
register("spreadsheetimport.read", "Consultation d'un tableur de bénéficiaires")
