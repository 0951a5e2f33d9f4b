"""Calendar arithmetic as the indicators define it: months are clamped to the month's end."""

import calendar
import datetime

# The months in French, January first (dates are written out in letters and tables).
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

ORIENTATION_DEADLINE_DAYS = 42  # six weeks (décret du 30 décembre 2024)
CONTRACT_DEADLINE_MONTHS = 1


def add_months(day, months):
    """31 January + 1 month = 28 (or 29) February; 31 December − 6 months = 30 June."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def orientation_deadline(entry_date):
    return entry_date + datetime.timedelta(days=ORIENTATION_DEADLINE_DAYS)


def contract_deadline(decision_date):
    return add_months(decision_date, CONTRACT_DEADLINE_MONTHS)
