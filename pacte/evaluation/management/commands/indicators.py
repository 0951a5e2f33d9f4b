import datetime
import json
import sys

from pacte.core.commands import PacteCommand, user_error
from pacte.evaluation import engine, indicator_tables
from pacte.territory.models import Departement


def departement_code(value):
    """`87`, or the CAF's `087`, is Haute-Vienne; `2A`, `971` stay as they are."""
    value = value.strip().upper()
    if len(value) == 3 and value.startswith("0") and value.isdigit():
        return value[1:]
    return value


class Command(PacteCommand):
    help = (
        "Calcule les indicateurs de l'enquête OARSA (B1 à B14) et les délais légaux d'un département "
        "pour une année, au format JSON, CSV, XLSX ou ODS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--departement", required=True, help="Numéro du département (87, 79…).")
        parser.add_argument("--year", required=True, type=int, help="Année de référence (2025…).")
        parser.add_argument(
            "--at", help="Date de référence AAAA-MM-JJ (par défaut le 31 décembre de l'année)."
        )
        parser.add_argument(
            "--format", default="json", choices=indicator_tables.FORMATS, help="Format écrit."
        )
        parser.add_argument("-o", "--output", help="Fichier à écrire (obligatoire en XLSX et ODS).")

    def handle(self, *args, **options):
        code = departement_code(options["departement"])
        if not Departement.objects.filter(code=code).exists():
            raise user_error(f"Département inconnu : {options['departement']}.")
        year, output, fmt = options["year"], options["output"], options["format"]
        if not 1900 <= year <= 2100:
            raise user_error(f"Année invalide : {year}.")
        at = self._date(options["at"])
        if fmt in indicator_tables.BINARY_FORMATS and not output:
            raise user_error(f"Le format {fmt.upper()} s'écrit dans un fichier : ajoutez -o FICHIER.{fmt}.")
        result = engine.compute(code, year, at)
        if fmt == "json":
            content = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        elif fmt == "csv":
            content = indicator_tables.as_csv(result, bom=bool(output))
        else:
            content = getattr(indicator_tables, f"as_{fmt}")(result)
        if output:
            self._write(output, content)
            sys.stderr.write(f"Indicateurs du département {code} pour {year} écrits dans {output}.\n")
        else:
            self.stdout.write(content, ending="")

    @staticmethod
    def _date(value):
        if value is None:
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise user_error(f"Date invalide : « {value} » (attendu AAAA-MM-JJ).") from None
        if not 1900 <= day.year <= 2100:
            raise user_error(f"Date invalide : « {value} » (entre 1900 et 2100).")
        return day

    @staticmethod
    def _write(path, content):
        if isinstance(content, bytes):
            with open(path, "wb") as handle:
                handle.write(content)
        else:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
