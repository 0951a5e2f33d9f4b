"""The engine counts what the imports write: the previous software's history (`import-history`)."""

import datetime

import pytest
from django.core.management import call_command

from pacte.evaluation import engine
from tests.factories import DepartementFactory, DossierFactory, PersonFactory, RightHistoryFactory

pytestmark = pytest.mark.django_db

HISTORY = "\n".join(
    [
        "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date",
        "12345678901,DEM,orientation,2023-02-10,professionnelle,france_travail,France Travail Limoges Nord,,",
        "12345678901,DEM,contract,2023-03-01,,,,ppae,2023-09-01",
        "12345678901,CJT,orientation,15/03/2024,sociale,departement,,,",
        "12345678901,CJT,contract,2024-04-01,,,,cer,",
    ]
)


def test_orientations_and_contracts_of_the_history_import_are_counted(tmp_path):
    DepartementFactory(code="87")
    dossier = DossierFactory(numdemrsa="12345678901", dtdemrsa=datetime.date(2022, 12, 1))
    for role in ("DEM", "CJT"):
        someone = PersonFactory(dossier=dossier, rsa_role=role)
        RightHistoryFactory(person=someone, dtref=datetime.date(2022, 12, 31))
    path = tmp_path / "historique.csv"
    path.write_text(HISTORY, encoding="utf-8")
    call_command("import-history", str(path))
    figures = engine.compute("87", 2024)["indicators"]
    assert figures["B1"] == {"numerator": 2, "denominator": 2, "value": 100.0}
    assert figures["B5"] == {"numerator": 1, "denominator": 2, "value": 50.0}
    assert figures["B7"] == {"numerator": 1, "denominator": 2, "value": 50.0}
    assert figures["B9"] == {"numerator": 1, "denominator": 1, "value": 100.0}  # the CER has no end
    assert figures["B13"] == {"n": 1, "value": 470.0}  # 1 Dec 2022 → 15 Mar 2024
    assert figures["B14"] == {"n": 1, "value": 17.0}  # 15 Mar → 1 Apr 2024
    assert figures["orientation_within_6_weeks"] == {"numerator": 0, "denominator": 1, "value": 0.0}
    assert figures["contract_within_1_month"] == {"numerator": 1, "denominator": 1, "value": 100.0}
    the_year_before = engine.compute("87", 2023)["indicators"]
    assert the_year_before["B5"] == {"numerator": 1, "denominator": 1, "value": 100.0}
    assert the_year_before["B14"] == {"n": 0, "value": None}  # a PPAE is not an engagement contract
