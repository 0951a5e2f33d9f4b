import datetime
import json

import pytest
from django.core.management import call_command

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.models import Organization
from pacte.pathways import services
from pacte.pathways.enums import ContractStatus, OrientationOrigin
from pacte.pathways.models import Contract, Orientation
from tests.factories import DepartementFactory, DossierFactory, PersonFactory, user_with_role
from tests.pathways.factories import FranceTravailFactory

pytestmark = pytest.mark.django_db

HEADER = "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date"


@pytest.fixture
def persons():
    DepartementFactory(code="87")
    dossier = DossierFactory(numdemrsa="12345678901")
    return {
        "DEM": PersonFactory(dossier=dossier, rsa_role="DEM"),
        "CJT": PersonFactory(dossier=dossier, rsa_role="CJT"),
    }


def run(tmp_path, content, *args, encoding="utf-8", capsys=None):
    path = tmp_path / "historique.csv"
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    call_command("import-history", str(path), *args)
    return path


def run_json(tmp_path, capsys, content, *args):
    run(tmp_path, content, "--json", *args)
    return json.loads(capsys.readouterr().out)


GOOD = "\n".join(
    [
        HEADER,
        "12345678901,DEM,orientation,2023-02-10,professionnelle,france_travail,France Travail Limoges Nord,,",
        "12345678901,DEM,contract,2023-03-01,,,,ppae,2023-09-01",
        "12345678901,CJT,orientation,15/03/2024,sociale,departement,,,",
        "12345678901,CJT,contract,2024-04-01,,,,cer,",
    ]
)


def test_import_then_reimport_adds_nothing(tmp_path, capsys, persons):
    existing = FranceTravailFactory(name="France Travail Limoges Nord")
    assert run_json(tmp_path, capsys, GOOD) == {"rows": 4, "orientations": 2, "contracts": 2, "skipped": 0}
    dem_orientation = Orientation.objects.get(person=persons["DEM"])
    assert (dem_orientation.decision_date, dem_orientation.body, dem_orientation.origin) == (
        datetime.date(2023, 2, 10),
        existing,
        OrientationOrigin.HISTORY_IMPORT,
    )
    cjt_orientation = Orientation.objects.get(person=persons["CJT"])
    assert (cjt_orientation.body, cjt_orientation.body_kind, cjt_orientation.decision_date) == (
        None,
        "departement",
        datetime.date(2024, 3, 15),
    )
    ppae = Contract.objects.get(person=persons["DEM"])
    assert (ppae.kind, ppae.status, ppae.end_date, ppae.orientation) == (
        "ppae",
        ContractStatus.ENDED,
        datetime.date(2023, 9, 1),
        dem_orientation,
    )
    assert Contract.objects.get(person=persons["CJT"]).status == ContractStatus.SIGNED
    assert AuditEntry.objects.filter(action="history.import").count() == 1
    assert run_json(tmp_path, capsys, GOOD) == {"rows": 4, "orientations": 0, "contracts": 0, "skipped": 4}
    assert Orientation.objects.count() == 2 and Contract.objects.count() == 2


def test_semicolons_bom_any_column_order_and_new_body(tmp_path, capsys, persons):
    content = "\ufeffevent;date;role;numdemrsa;organisme_kind;orientation_type;organisme_name\n"
    content += "orientation;01/06/2024;DEM;12345678901;spe_autre;socioprofessionnelle;Mission locale rurale\n"
    assert run_json(tmp_path, capsys, content)["orientations"] == 1
    body = Orientation.objects.get().body
    assert (body.name, body.kind, body.orientation_body_kind) == (
        "Mission locale rurale",
        "mission_locale",
        "spe_autre",
    )


def test_dry_run_writes_nothing(tmp_path, capsys, persons):
    assert run_json(tmp_path, capsys, GOOD, "--dry-run")["orientations"] == 2
    assert Orientation.objects.count() == Contract.objects.count() == Organization.objects.count() == 0
    assert not AuditEntry.objects.filter(action="history.import").exists()


def test_duplicate_rows_in_one_file_are_skipped(tmp_path, capsys, persons):
    row = "12345678901,DEM,contract,2024-04-01,,,,contrat_engagement,"
    assert run_json(tmp_path, capsys, "\n".join([HEADER, row, row])) == {
        "rows": 2,
        "orientations": 0,
        "contracts": 1,
        "skipped": 1,
    }


ERROR_CASES = [
    (HEADER + ",extra\n", ["ligne 1 : colonne inconnue « extra »"]),
    ("numdemrsa,role,event\n", ["ligne 1 : colonne obligatoire absente « date »"]),
    ("", ["ligne 1 : fichier vide ou sans ligne d'en-tête"]),
    (
        HEADER + "\n99999999999,DEM,contract,2024-01-01,,,,cer,",
        ["ligne 2 : personne inconnue (numdemrsa 99999999999, rôle DEM)"],
    ),
    (
        HEADER + "\n12345678901,DEM,contract,2024-13-01,,,,cer,",
        ["ligne 2 : date invalide « 2024-13-01 » pour « date »"],
    ),
    (
        HEADER + "\n12345678901,DEM,contract,2024-01-01,,,,cer,31/02/2024",
        ["ligne 2 : date invalide « 31/02/2024 » pour « end_date »"],
    ),
    (
        HEADER + "\n12345678901,ENF,contract,2024-01-01,,,,cer,",
        ["ligne 2 : valeur invalide « ENF » pour « role »"],
    ),
    (HEADER + "\n12345678901,DEM,rdv,2024-01-01,,,,,", ["ligne 2 : valeur invalide « rdv » pour « event »"]),
    (
        HEADER + "\n12345678901,DEM,orientation,2024-01-01,pro,france_travail,,,",
        ["ligne 2 : valeur invalide « pro » pour « orientation_type »"],
    ),
    (
        HEADER + "\n12345678901,DEM,orientation,2024-01-01,sociale,ccas,,,",
        ["ligne 2 : valeur invalide « ccas » pour « organisme_kind »"],
    ),
    (
        HEADER + "\n12345678901,DEM,orientation,2024-01-01,sociale,,,,",
        ["ligne 2 : valeur obligatoire absente « organisme_kind »"],
    ),
    (
        HEADER + "\n12345678901,DEM,contract,2024-01-01,,,,,",
        ["ligne 2 : valeur obligatoire absente « contract_kind »"],
    ),
    (
        HEADER + "\n12345678901,DEM,contract,2024-01-01,,,,cui,",
        ["ligne 2 : valeur invalide « cui » pour « contract_kind »"],
    ),
    (HEADER + "\n,DEM,contract,2024-01-01,,,,cer,", ["ligne 2 : valeur obligatoire absente « numdemrsa »"]),
    (HEADER + "\n123,DEM,contract,2024-01-01,,,,cer,", ["ligne 2 : numdemrsa « 123 » invalide"]),
    (HEADER + "\n12345678901,DEM,contract,2024-01-01", ["ligne 2 : 4 valeurs pour 9 colonnes"]),
    (
        HEADER + "\n12345678901,DEM,contract,2024-05-01,,,,cer,2024-01-01",
        ["ligne 2 : la date de fin précède la date de signature"],
    ),
    (
        HEADER
        + "\n12345678901,DEM,contract,2024-01-01,,,,cer,\n12345678901,XXX,contract,2024-01-01,,,,cer,\n"
        "12345678901,DEM,contract,hier,,,,cer,",
        ["ligne 3 : valeur invalide « XXX » pour « role »", "ligne 4 : date invalide « hier »"],
    ),
]


@pytest.mark.parametrize(("content", "expected"), ERROR_CASES)
def test_any_error_rejects_the_whole_file(tmp_path, capsys, persons, content, expected):
    with pytest.raises(SystemExit) as exit_:
        run(tmp_path, content)
    assert exit_.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == len(expected)
    for line, message in zip(lines, expected, strict=True):
        assert message in line
    assert Orientation.objects.count() == Contract.objects.count() == 0


def test_a_good_row_is_not_written_when_another_is_wrong(tmp_path, capsys, persons):
    content = GOOD + "\n12345678901,DEM,contract,2024-01-01,,,,nope,"
    with pytest.raises(SystemExit):
        run(tmp_path, content)
    assert "ligne 6" in capsys.readouterr().err
    assert Orientation.objects.count() == 0


def test_not_utf8_and_unreadable_file(tmp_path, capsys, persons):
    with pytest.raises(SystemExit) as exit_:
        run(
            tmp_path,
            (
                HEADER + "\n12345678901,DEM,orientation,2024-01-01,sociale,hors_spe,Entraide Sévrienne,,\n"
            ).encode("cp1252"),
        )
    assert exit_.value.code == 2
    assert "ligne 2 : le fichier n'est pas encodé en UTF-8" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        call_command("import-history", str(tmp_path / "absent.csv"))
    assert exit_.value.code == 2


def test_human_summary_without_json(tmp_path, capsys, persons):
    run(tmp_path, GOOD)
    assert "2 orientations et 2 contrats importés" in capsys.readouterr().out


def test_a_vrsd0301_beneficiary_is_matched_by_its_role(tmp_path, capsys):
    DepartementFactory(code="87")
    dossier = DossierFactory(numdemrsa="12345678902")
    PersonFactory(dossier=dossier, rsa_role="DEM")
    partner = PersonFactory(dossier=dossier, rsa_role="BEN")
    content = HEADER + "\n12345678902,BEN,orientation,2024-02-01,sociale,departement,,,"
    assert run_json(tmp_path, capsys, content)["orientations"] == 1
    assert Orientation.objects.get().person == partner


def test_the_service_writes_the_file_and_logs_one_entry_by_its_actor(persons):
    actor = user_with_role(Role.DIRECTION)
    summary = services.import_history(actor=actor, data=GOOD.encode(), filename="historique.csv")
    assert summary == {"rows": 4, "orientations": 2, "contracts": 2, "skipped": 0}
    entry = AuditEntry.objects.get(action="history.import")
    assert (entry.actor, entry.data) == (actor, {"file": "historique.csv", **summary})
    # The body the file names and the base lacks is created by the organisations' service, logged too.
    created = Organization.objects.get(name="France Travail Limoges Nord")
    assert AuditEntry.objects.filter(actor=actor, object_id=str(created.uuid)).exists()
    assert services.import_history(actor=actor, data=GOOD.encode(), dry_run=True)["skipped"] == 4
    assert AuditEntry.objects.filter(action="history.import").count() == 1


def test_an_entry_into_rights_and_duties_dates_the_person_from_the_previous_software(tmp_path, capsys):
    DepartementFactory(code="87")
    dossier = DossierFactory(numdemrsa="12345678901", dtdemrsa=datetime.date(2019, 5, 2))
    stock = PersonFactory(dossier=dossier, rsa_role="DEM", sdd_cohort="stock")
    caf_dated = PersonFactory(
        dossier=dossier, rsa_role="CJT", sdd_since=datetime.date(2024, 2, 1), sdd_since_evidence="ddsoudrodev"
    )
    content = "\n".join(
        [
            "numdemrsa,role,event,date",
            "12345678901,DEM,entree_sdd,2021-01-04",
            "12345678901,DEM,entree_sdd,2023-06-12",  # the latest entry counts
            "12345678901,CJT,entree_sdd,2022-01-01",  # the CAF's own date is better
        ]
    )
    summary = run_json(tmp_path, capsys, content)
    assert summary == {"rows": 3, "orientations": 0, "contracts": 0, "skipped": 2, "entries": 1}
    stock.refresh_from_db()
    caf_dated.refresh_from_db()
    assert (stock.sdd_since, stock.sdd_since_evidence, stock.sdd_cohort) == (
        datetime.date(2023, 6, 12),
        "history",
        "stock",
    )
    assert (caf_dated.sdd_since, caf_dated.sdd_since_evidence) == (datetime.date(2024, 2, 1), "ddsoudrodev")
    assert run_json(tmp_path, capsys, content)["entries"] == 0


def test_an_entry_before_the_rsa_demand_rejects_the_file(tmp_path, capsys):
    DepartementFactory(code="87")
    person = PersonFactory(
        dossier=DossierFactory(numdemrsa="12345678901", dtdemrsa=datetime.date(2019, 5, 2))
    )
    with pytest.raises(SystemExit):
        run(tmp_path, "numdemrsa,role,event,date\n12345678901,DEM,entree_sdd,2018-01-04\n")
    assert (
        "ligne 2 : l'entrée dans les droits et devoirs (04/01/2018) précède la demande de RSA (02/05/2019)"
        in (capsys.readouterr().err)
    )
    person.refresh_from_db()
    assert person.sdd_since_evidence == "demand"
