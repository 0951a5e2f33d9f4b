"""The one CAF import service (web, CLI, tests): département check, journal, duplicates."""

import json
import re

import pytest
from django.core.management import call_command

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import CafImport, Dossier, Person
from pacte.beneficiaries.services import import_caf
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return monthly_series(tmp_path_factory.mktemp("caf-service"), households=10, months=2)


def test_the_service_imports_and_returns_its_journal_row(series):
    actor = UserFactory()
    result = import_caf(path=series[0][0], actor=actor, departement_code="87", file_name="RSABEM.xml")
    assert not result.rejected and not result.already_imported
    assert result.entry == CafImport.objects.get()
    assert (result.entry.file_name, result.entry.imported_by, result.entry.households) == (
        "RSABEM.xml",
        actor,
        10,
    )
    assert result.report.created == Dossier.objects.count() == 10


def test_a_file_of_another_departement_is_rejected_and_journalled(series):
    result = import_caf(path=series[0][0], departement_code="79")
    assert result.rejected
    assert result.reason == "Ce fichier concerne le département 87, pas le 79 : import refusé."
    entry = CafImport.objects.get()
    assert (entry.status, entry.departement_code, entry.rejected_reason) == ("rejected", "79", result.reason)
    assert not Dossier.objects.exists()
    assert AuditEntry.objects.filter(action="caf_import.reject").exists()


def test_a_dry_run_journals_nothing(series):
    assert import_caf(path=series[0][0], dry_run=True).report.created == 10
    assert import_caf(path=series[0][0], departement_code="79", dry_run=True).rejected
    assert not CafImport.objects.exists() and not Dossier.objects.exists()


def test_a_file_already_imported_is_not_read_again(series):
    first = import_caf(path=series[0][0])
    again = import_caf(path=series[0][0])
    assert again.already_imported and again.entry == first.entry
    assert CafImport.objects.count() == 1
    report = again.report.as_json()
    assert (report["created"], report["updated"], report["history_rows"]) == (0, 0, 0)
    assert report["unchanged"] == report["households"] == 10


def test_the_cli_says_a_file_was_already_imported(series, capsys):
    call_command("import-caf", str(series[0][0]))
    capsys.readouterr()
    call_command("import-caf", str(series[0][0]), "--json")
    captured = capsys.readouterr()
    assert "déjà importé le" in captured.err and len(captured.err.strip().splitlines()) == 1
    out = json.loads(captured.out)
    assert (out["created"], out["unchanged"], out["households"]) == (0, 10, 10)
    assert CafImport.objects.count() == 1


def test_the_cli_stops_at_the_first_rejected_file(tmp_path, series, capsys):
    text = series[2][0].read_bytes().decode("windows-1252")
    dossiers = list(re.finditer(r"<InfosFoyerRSA>.*?</InfosFoyerRSA>", text, flags=re.DOTALL))
    other = re.sub(
        r"(<Partenaire>.*?<IDEPARTE>)[^<]*<", r"\g<1>079<", dossiers[-1].group(0), count=1, flags=re.DOTALL
    )
    mixed = tmp_path / "mixte.xml"
    mixed.write_bytes(
        (text[: dossiers[-1].start()] + other + text[dossiers[-1].end() :]).encode("windows-1252")
    )
    with pytest.raises(SystemExit) as exit_info:
        call_command("import-caf", str(series[0][0]), str(mixed), str(series[2][0]), "--json")
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert [r["households"] for r in json.loads(captured.out)] == [10]
    last = captured.err.strip().splitlines()[-1]
    assert "mixte.xml : fichier rejeté" in last and "relève du département 79" in last
    assert "Traceback" not in captured.err and "KeyError" not in captured.err
    assert Person.objects.filter(departement_code="79").count() == 0
    assert list(CafImport.objects.order_by("id").values_list("status", flat=True)) == [
        "succeeded",
        "rejected",
    ]


def test_unknown_elements_are_reported_and_journalled(tmp_path, series):
    text = series[0][0].read_bytes().decode("windows-1252")
    at = text.index("</Personne>")
    path = tmp_path / "nouveau.xml"
    path.write_bytes((text[:at] + "<NOUVEAUCHAMP>1</NOUVEAUCHAMP>" + text[at:]).encode("windows-1252"))
    result = import_caf(path=path)
    assert result.report.unknown_elements == {"NOUVEAUCHAMP": 1}
    assert result.entry.unknown_elements == 1


def test_a_hostile_file_is_rejected_whole_and_nothing_is_written(tmp_path):
    from tests.beneficiaries.caf.test_caf_hostile import _hostile_gz

    path = tmp_path / "hostile.xml.gz"
    _hostile_gz(path, "<TransmissionFlux>", strays=20_000)
    result = import_caf(path=path)
    assert result.rejected and "éléments inconnus du format" in result.reason
    assert not Dossier.objects.exists() and not Person.objects.exists()
    assert CafImport.objects.get().status == "rejected"
