"""The indicators as a table (one row per indicator), in CSV, XLSX or ODS, through the project's
writers (`pacte.core.exports`): `pacte indicators` and the downloads share it."""

from pacte.core.exports import write_csv, write_ods, write_xlsx
from pacte.evaluation.engine import INDICATORS, RATE

HEADER = ["indicateur", "libellé", "numérateur", "dénominateur ou effectif", "valeur"]
FORMATS = ("json", "csv", "xlsx", "ods")
BINARY_FORMATS = ("xlsx", "ods")


def rows(result):
    """The header, then one row per indicator: key, French label, numerator, denominator or n, value."""
    table = [HEADER]
    for key, label, kind in INDICATORS:
        indicator = result["indicators"][key]
        if kind == RATE:
            table.append([key, label, indicator["numerator"], indicator["denominator"], indicator["value"]])
        else:
            table.append([key, label, None, indicator["n"], indicator["value"]])
    return table


def sheet_title(result):
    return f"Indicateurs {result['departement']} {result['year']}"


def as_csv(result, *, bom=True):
    return write_csv(rows(result), bom=bom)


def as_xlsx(result):
    return write_xlsx([(sheet_title(result), rows(result))])


def as_ods(result):
    return write_ods([(sheet_title(result), rows(result))])
