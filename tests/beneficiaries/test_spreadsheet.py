import datetime
import io
import os

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pacte.audit.models import AuditEntry
from pacte.beneficiaries import names, spreadsheet
from pacte.beneficiaries.crypto import nir_lookup_hash
from pacte.beneficiaries.models import Person, SpreadsheetImport, SpreadsheetMapping
from pacte.beneficiaries.spreadsheet import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    SpreadsheetError,
    apply_review,
    read_sheet,
    review,
)
from pacte.core.errors import DomainError
from tests.factories import DossierFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "N° dossier",
    "Rôle",
    "Nom",
    "Nom naissance",
    "Prénom",
    "Né le",
    "Sexe",
    "NIR",
    "Id FT",
    "Mail",
    "Tél",
    "SDD",
]
COLUMNS = dict(
    zip(
        ["numdemrsa", "rsa_role", "last_name", "birth_name", "first_name", "birth_date", "sex", "nir",
         "france_travail_id", "email", "phone", "is_sdd"],
        HEADERS,
        strict=True,
    )
)  # fmt: skip


def xlsx_bytes(rows, headers=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, delimiter=";", encoding="utf-8"):
    lines = [delimiter.join(headers)] + [delimiter.join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.fixture
def household():
    dossier = DossierFactory(numdemrsa="00000012345")
    known = PersonFactory(
        dossier=dossier, last_name="DURAND", birth_name="DURAND", first_name="ÉLODIE",
        birth_date=datetime.date(1985, 6, 15), email="", is_sdd=True,
    )  # fmt: skip
    return dossier, known


def row(**overrides):
    values = {
        "N° dossier": "00000012345", "Rôle": "DEM", "Nom": "DURAND", "Nom naissance": "DURAND",
        "Prénom": "ÉLODIE", "Né le": "15/06/1985", "Sexe": "F", "NIR": "", "Id FT": "", "Mail": "",
        "Tél": "", "SDD": "oui",
    }  # fmt: skip
    values.update(overrides)
    return [values[header] for header in HEADERS]


def test_read_sheet_detects_the_csv_separator_and_the_encoding():
    for delimiter in (";", ",", "\t"):
        sheet = read_sheet(
            io.BytesIO(csv_bytes([row()], delimiter=delimiter, encoding="cp1252")), file_name="a.csv"
        )
        assert sheet.headers == HEADERS
        assert sheet.rows[0][0] == 2 and sheet.rows[0][1]["Prénom"] == "ÉLODIE"


def test_read_sheet_reads_xlsx_dates_and_numbers():
    data = xlsx_bytes([row(**{"Né le": datetime.datetime(1985, 6, 15), "N° dossier": 12345})])
    sheet = read_sheet(io.BytesIO(data), file_name="liste.xlsx")
    cells = sheet.rows[0][1]
    assert (cells["Né le"], cells["N° dossier"]) == ("1985-06-15", "12345")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x00\x01binaire", "liste.pdf", "CSV ou XLSX"),
        (b"PK\x03\x04pas un classeur", "liste.xlsx", "XLSX illisible"),
        (b"Nom;Nom\r\nA;B\r\n", "liste.csv", "apparaît deux fois"),
        (b"Nom;Prenom\r\n", "liste.csv", "aucune ligne"),
    ],
)
def test_unreadable_sheets_give_a_french_reason(data, name, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_sheet(io.BytesIO(data), file_name=name)


def test_review_classifies_each_row(household):
    dossier, known = household
    PersonFactory(dossier=dossier, rsa_role="CJT", last_name="DURAND", birth_name="PETIT", first_name="MARC",
                  birth_date=datetime.date(1980, 1, 2), sex="1", email="marc@example.org")  # fmt: skip
    rows = [
        row(Mail="elodie@example.org", Tél="06 12 34 56 78"),
        row(
            **{
                "Rôle": "CJT",
                "Nom naissance": "PETIT",
                "Prénom": "MARC",
                "Né le": "1980-01-02",
                "Sexe": "H",
                "Mail": "marc@example.org",
            }
        ),  # fmt: skip
        row(**{"Rôle": "ENF", "Prénom": "Léa", "Né le": "2015-09-01", "SDD": "non"}),
        row(**{"N° dossier": "99999999999"}),
        row(**{"Prénom": "Paul", "Né le": "31/02/1990"}),
    ]
    sheet = read_sheet(io.BytesIO(xlsx_bytes(rows)), file_name="liste.xlsx")
    result = review(sheet, columns=COLUMNS, departement_code="87")
    assert [r.status for r in result.rows] == [UPDATE, UNCHANGED, CREATE, ERROR, ERROR]
    assert result.rows[0].changes == [
        ["Courriel", "(vide)", "elodie@example.org"],
        ["Téléphone", "(vide)", "06 12 34 56 78"],
    ]
    assert "Dossier RSA 99999999999 inconnu" in result.rows[3].errors[0]
    assert "fichiers de la CAF" in result.rows[3].errors[0]
    assert result.rows[4].errors == [
        "Date de naissance « 31/02/1990 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA attendu)."
    ]
    assert result.counts == {CREATE: 1, UPDATE: 1, UNCHANGED: 1, ERROR: 2}


def test_the_review_shows_every_change_of_case_it_will_write(household):
    dossier, _ = household
    PersonFactory(dossier=dossier, rsa_role="CJT", last_name="MARTIN", birth_name="MARTIN", first_name="PAULINE",
                  birth_date=datetime.date(1990, 3, 4), sex="2", is_sdd=False, sdd_since=None)  # fmt: skip
    line = row(**{"Rôle": "CJT", "Nom": "Martin", "Nom naissance": "MARTIN", "Prénom": "Pauline",
                  "Né le": "1990-03-04", "Sexe": "F", "SDD": "oui"})  # fmt: skip
    sheet = read_sheet(io.BytesIO(csv_bytes([line])), file_name="a.csv")
    result = review(sheet, columns=COLUMNS, departement_code="87")
    assert result.rows[0].status == UPDATE
    assert result.rows[0].changes == [
        ["Nom d'usage", "MARTIN", "Martin"],
        ["Prénom", "PAULINE", "Pauline"],
        ["Soumis aux droits et devoirs (oui / non)", "non", "oui"],
        # An entrant, dated by the dossier's RSA demand, never the day of the import.
        ["Droits et devoirs depuis", "(vide)", dossier.dtdemrsa.strftime("%d/%m/%Y")],
        ["Date d'entrée établie par", "(vide)", "date de demande du RSA (DTDEMRSA)"],
        ["Stock ou entrant", "(vide)", "Entrant"],
    ]


def test_what_apply_writes_is_what_the_review_showed(household, django_capture_on_commit_callbacks):
    dossier, known = household
    user = UserFactory()
    rows = [row(Prénom="Élodie", Nom="Durand-Roy"), row(Rôle="ENF", Prénom="Léa", **{"Né le": "2015-09-01"})]
    entry = stored_import(upload=upload(csv_bytes(rows), "liste.csv"), departement_code="87", actor=user)
    result = spreadsheet.set_columns(entry, columns=COLUMNS, actor=user)
    shown = {label for r in result.rows for label, _, _ in r.changes}
    before = {f.attname: getattr(known, f.attname) for f in Person._meta.concrete_fields}
    with django_capture_on_commit_callbacks(execute=True):
        apply_review(entry, actor=user)
    known.refresh_from_db()
    after = {f.attname: getattr(known, f.attname) for f in Person._meta.concrete_fields}
    changed = {name for name in before if before[name] != after[name]}
    # The derived name keys follow the names (beneficiaries/names.py); no other field moves.
    assert changed == {"first_name", "last_name", *names.KEY_FIELDS}
    assert result.rows[0].changes == [["Nom d'usage", "DURAND", "Durand-Roy"], ["Prénom", "ÉLODIE", "Élodie"]]
    child = Person.objects.get(first_name="Léa")
    assert result.rows[1].changes == [
        ["Rôle RSA (DEM, CJT, ENF, AUT, RDO)", "(vide)", "Enfant"],
        ["Nom d'usage", "(vide)", "DURAND"],
        ["Nom de naissance", "(vide)", "DURAND"],
        ["Prénom", "(vide)", "Léa"],
        ["Date de naissance", "(vide)", "01/09/2015"],
        ["Sexe", "(vide)", child.get_sex_display()],
        ["Soumis aux droits et devoirs (oui / non)", "(vide)", "oui"],
        ["Droits et devoirs depuis", "(vide)", dossier.dtdemrsa.strftime("%d/%m/%Y")],
        ["Date d'entrée établie par", "(vide)", "date de demande du RSA (DTDEMRSA)"],
        ["Stock ou entrant", "(vide)", "Entrant"],
    ]
    assert (child.sdd_since, child.sdd_since_evidence, child.sdd_cohort) == (
        dossier.dtdemrsa,
        "demand",
        "entrant",
    )
    assert "Courriel" not in shown


def test_persons_are_matched_by_nir_first(household):
    _, known = household
    known.nir_hash = nir_lookup_hash("2850687085123")
    known.save()
    sheet = read_sheet(
        io.BytesIO(csv_bytes([row(NIR="2850687085123 45", Prénom="Elodie-Marie")])), file_name="a.csv"
    )
    result = review(sheet, columns=COLUMNS, departement_code="87")
    assert result.rows[0].status == UPDATE
    assert result.rows[0].changes == [["Prénom", "ÉLODIE", "Elodie-Marie"]]
    other = read_sheet(io.BytesIO(csv_bytes([row(NIR="1850687085999")])), file_name="a.csv")
    assert "NIR ne correspond pas" in review(other, columns=COLUMNS, departement_code="87").rows[0].errors[0]


def test_the_same_person_twice_is_an_error(household):
    sheet = read_sheet(io.BytesIO(csv_bytes([row(), row(Mail="x@example.org")])), file_name="a.csv")
    result = review(sheet, columns=COLUMNS, departement_code="87")
    assert result.rows[1].errors == ["Même personne qu'à la ligne 2."]


def test_a_mapping_naming_unknown_columns_is_refused(household):
    sheet = read_sheet(io.BytesIO(csv_bytes([row()])), file_name="a.csv")
    with pytest.raises(
        SpreadsheetError,
        match="La colonne « Date naissance » choisie pour « Date de naissance » n'existe pas",
    ):
        review(sheet, columns={**COLUMNS, "birth_date": "Date naissance"}, departement_code="87")
    with pytest.raises(SpreadsheetError, match="Choisissez la colonne de « Prénom »"):
        review(sheet, columns={k: v for k, v in COLUMNS.items() if k != "first_name"}, departement_code="87")


def upload(data, name="liste.xlsx"):
    return SimpleUploadedFile(name, data)


def stored_import(*, upload, departement_code, actor, mapping=None):
    """An import uploaded then read, as the upload and its background task do."""
    entry = spreadsheet.create_import(
        upload=upload, departement_code=departement_code, actor=actor, mapping=mapping
    )
    return spreadsheet.read_import(entry)


def test_the_upload_stores_the_file_unread(household, monkeypatch):
    user = UserFactory()
    monkeypatch.setattr(spreadsheet, "read_sheet", lambda *args, **kwargs: pytest.fail("read"))
    entry = spreadsheet.create_import(
        upload=upload(csv_bytes([row()]), "liste.csv"), departement_code="87", actor=user
    )
    assert (entry.status, entry.report, entry.file_name) == ("reading", {}, "liste.csv")
    assert entry.file.name.endswith(f"{entry.uuid}.csv")
    assert AuditEntry.objects.get(action="spreadsheet_import.upload").data == {"bytes": entry.file.size}


def test_reading_stores_the_headers_and_the_review_when_the_mapping_fits(household):
    user = UserFactory()
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)
    entry = stored_import(
        upload=upload(csv_bytes([row(), row(**{"N° dossier": "55"})]), "liste.csv"),
        departement_code="87",
        actor=user,
        mapping=mapping,
    )
    entry.refresh_from_db()
    assert (entry.status, entry.report["headers"], entry.report["rows"]) == ("review", HEADERS, 2)
    assert entry.report["review"]["counts"] == {CREATE: 0, UPDATE: 0, UNCHANGED: 1, ERROR: 1}
    parsed = AuditEntry.objects.get(action="spreadsheet_import.parse")
    assert parsed.data == {"from": "reading", "to": "review", "rows": 2, **entry.report["review"]["counts"]}
    with pytest.raises(DomainError, match="déjà été lu"):
        spreadsheet.read_import(entry)


def test_a_file_the_reader_refuses_rejects_the_import_and_is_deleted(django_capture_on_commit_callbacks):
    user = UserFactory()
    entry = spreadsheet.create_import(
        upload=upload(b"Nom;Nom\r\nA;B\r\n", "liste.csv"), departement_code="87", actor=user
    )
    path = entry.file.path
    with django_capture_on_commit_callbacks(execute=True):
        spreadsheet.read_import(entry)
    entry.refresh_from_db()
    message = "La colonne « Nom » apparaît deux fois dans la première ligne."
    assert (entry.status, entry.report, entry.file.name) == ("rejected", {"rejected": message}, "")
    assert not os.path.exists(path)
    assert AuditEntry.objects.get(action="spreadsheet_import.reject").data == {
        "from": "reading",
        "to": "rejected",
    }
    with pytest.raises(DomainError, match="refusé"):
        spreadsheet.set_columns(entry, columns=COLUMNS, actor=user)
    with pytest.raises(DomainError, match="déjà été enregistré ou abandonné"):
        spreadsheet.cancel_import(entry, actor=user)


def test_an_import_still_being_read_can_be_cancelled(django_capture_on_commit_callbacks):
    user = UserFactory()
    entry = spreadsheet.create_import(
        upload=upload(csv_bytes([row()]), "liste.csv"), departement_code="87", actor=user
    )
    with pytest.raises(DomainError, match="encore en cours de lecture"):
        apply_review(entry, actor=user)
    with django_capture_on_commit_callbacks(execute=True):
        spreadsheet.cancel_import(entry, actor=user)
    entry.refresh_from_db()
    assert (entry.status, entry.file.name) == ("cancelled", "")
    with pytest.raises(DomainError, match="déjà été lu"):
        spreadsheet.read_import(entry)


def test_apply_writes_the_reviewed_rows_atomically_and_audits(household, django_capture_on_commit_callbacks):
    dossier, known = household
    user = UserFactory()
    rows = [
        row(Mail="elodie@example.org", NIR="2850687085123"),
        row(Rôle="ENF", Prénom="Léa", **{"Né le": "2015-09-01", "SDD": "non"}),
    ]
    entry = stored_import(upload=upload(xlsx_bytes(rows)), departement_code="87", actor=user)
    assert "review" not in entry.report and entry.report["headers"] == HEADERS
    spreadsheet.set_columns(entry, columns=COLUMNS, actor=user, save_as="Liste MSA")
    assert Person.objects.count() == 1  # nothing written before the confirmation
    with django_capture_on_commit_callbacks(execute=True):
        apply_review(entry, actor=user)
    known.refresh_from_db()
    assert known.email == "elodie@example.org" and known.nir == "2850687085123"
    child = Person.objects.get(first_name="Léa")
    assert (child.dossier, child.rsa_role, child.is_adult, child.is_sdd) == (dossier, "ENF", False, False)
    entry.refresh_from_db()
    assert entry.status == "applied" and not entry.file
    assert "2850687085123" not in str(entry.report)
    assert SpreadsheetMapping.objects.get().columns == COLUMNS
    applied = AuditEntry.objects.get(action="spreadsheet_import.apply")
    assert applied.data["created_persons"] == [str(child.uuid)]
    with pytest.raises(DomainError, match="déjà été enregistré"):
        apply_review(entry, actor=user)


def test_a_file_with_errors_writes_nothing(household):
    _, known = household
    user = UserFactory()
    rows = [row(Mail="elodie@example.org"), row(Prénom="Paul", **{"Né le": "1990-13-01"})]
    entry = stored_import(upload=upload(csv_bytes(rows), "liste.csv"), departement_code="87", actor=user)
    result = spreadsheet.set_columns(entry, columns=COLUMNS, actor=user)
    assert result.counts[ERROR] == 1
    with pytest.raises(DomainError, match="1 ligne en erreur"):
        apply_review(entry, actor=user)
    known.refresh_from_db()
    assert known.email == "" and Person.objects.count() == 1
    assert SpreadsheetImport.objects.get().status == "review"


def test_apply_refuses_a_review_that_no_longer_holds(household):
    _, known = household
    user = UserFactory()
    mapping = SpreadsheetMapping.objects.create(departement_code="87", name="MSA", columns=COLUMNS)
    entry = stored_import(
        upload=upload(xlsx_bytes([row(Mail="elodie@example.org")])),
        departement_code="87",
        actor=user,
        mapping=mapping,
    )
    assert entry.report["review"]["counts"][UPDATE] == 1
    known.email = "elodie@example.org"
    known.save()
    with pytest.raises(DomainError, match="ont changé depuis la vérification"):
        apply_review(entry, actor=user)
    entry.refresh_from_db()
    assert entry.report["review"]["counts"][UNCHANGED] == 1
