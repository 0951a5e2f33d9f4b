import datetime

import pytest

from pacte.pathways.dates import add_months, contract_deadline, orientation_deadline
from pacte.pathways.queries import contract_is_late


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 12, 31), -6, datetime.date(2025, 6, 30)),
        (datetime.date(2025, 11, 15), 3, datetime.date(2026, 2, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_deadlines():
    assert orientation_deadline(datetime.date(2025, 3, 1)) == datetime.date(2025, 4, 12)
    assert contract_deadline(datetime.date(2025, 1, 31)) == datetime.date(2025, 2, 28)


def test_contract_is_late_after_one_calendar_month():
    decided = datetime.date(2025, 1, 31)
    assert not contract_is_late(decided, datetime.date(2025, 2, 28))
    assert contract_is_late(decided, datetime.date(2025, 3, 1))
