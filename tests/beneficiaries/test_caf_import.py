import datetime
import gzip
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection

from pacte.beneficiaries import caf_import, names
from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf_import import CafFileError, import_caf_file
from pacte.beneficiaries.crypto import decrypt_nir, nir_lookup_hash
from pacte.beneficiaries.models import CafImport, Dossier, DossierEvent, Person, RightHistory
from pacte.territory.models import Commune
from tests.beneficiaries.caf_files import COMMUNES, monthly_series
from tests.factories import CommuneFactory, DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    return monthly_series(tmp_path_factory.mktemp("caf"))


@pytest.fixture
def limoges():
    territory = TerritoryFactory(departement=DepartementFactory(code="87"), name="Secteur Limoges")
    return CommuneFactory(insee_code="87085", name="Limoges", territory=territory)


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Dossier, Person, RightHistory, DossierEvent, CafImport)
    }


def test_a_monthly_file_creates_dossiers_persons_and_history(series, limoges):
    path, dtref = series[0]
    report = import_caf_file(path)
    assert report.households == Dossier.objects.count() == 40
    assert report.created == 40 and report.updated == report.unchanged == 0
    assert report.persons == Person.objects.count()
    adults = Person.objects.filter(is_adult=True)
    assert report.history_rows == RightHistory.objects.count() == adults.count()
    assert set(RightHistory.objects.values_list("dtref", flat=True)) == {dtref}
    in_limoges = Dossier.objects.filter(commune=limoges)
    assert in_limoges.exists() and all(d.territory == limoges.territory for d in in_limoges)
    journal = CafImport.objects.get()
    assert (journal.status, journal.households, journal.dtref) == ("succeeded", 40, dtref)


def test_the_same_file_twice_changes_nothing(series, limoges):
    path, _ = series[0]
    import_caf_file(path)
    before = table_counts()
    snapshot = list(Person.objects.values().order_by("pk"))
    report = import_caf_file(path)
    assert (report.created, report.updated, report.unchanged, report.history_rows) == (0, 0, 40, 0)
    assert list(Person.objects.values().order_by("pk")) == snapshot
    assert table_counts() == {**before, "CafImport": before["CafImport"] + 1}


def test_later_files_add_history_only_when_the_pair_changes(series, limoges):
    for path, _ in series:
        import_caf_file(path)
    for person in Person.objects.filter(is_adult=True)[:40]:
        rows = list(person.right_history.order_by("dtref").values_list("right_state", "is_sdd"))
        assert all(a != b for a, b in zip(rows, rows[1:], strict=False)), rows
    latest = {row.person_id: row for row in RightHistory.objects.order_by("person_id", "dtref")}
    for person in Person.objects.filter(is_adult=True).select_related("dossier"):
        assert (latest[person.pk].right_state, latest[person.pk].is_sdd) == (
            person.dossier.right_state,
            person.is_sdd,
        )
    assert DossierEvent.objects.exists()


def test_dry_run_writes_nothing(series, limoges):
    report = import_caf_file(series[0][0], dry_run=True)
    assert report.created == 40
    assert set(table_counts().values()) == {0}


def test_the_nir_cannot_be_read_from_the_database(series, limoges):
    import_caf_file(series[0][0])
    person = Person.objects.exclude(nir_encrypted="").first()
    nir = person.nir
    assert re.fullmatch(r"[12][0-9AB]{12}", nir[:13])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM beneficiaries_person")
        dump = repr(cursor.fetchall())
    assert nir[:13] not in dump
    assert Person.objects.get(nir_hash=nir_lookup_hash(nir)) == person


def test_persons_without_nir_are_matched_on_identity(tmp_path, series, limoges):
    path, _ = series[0]
    import_caf_file(path)
    count = Person.objects.count()
    text = path.read_bytes().decode("windows-1252")
    without_nir = re.sub(r"<NIR>[^<]*</NIR>", "", text).replace("<MTTOTDRORSA>", "<MTTOTDRORSA>1", 1)
    changed = tmp_path / "sans-nir.xml"
    changed.write_bytes(without_nir.encode("windows-1252"))
    report = import_caf_file(changed)
    assert report.updated >= 1
    assert Person.objects.count() == count


def test_json_output_of_the_command(series, limoges, capsys):
    call_command("import-caf", str(series[0][0]), "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "file",
        "dtref",
        "households",
        "persons",
        "created",
        "updated",
        "unchanged",
        "history_rows",
    }
    assert out["households"] == 40


def test_gzip_files_are_imported(tmp_path, series, limoges):
    gz = tmp_path / "RSABEM.xml.gz"
    gz.write_bytes(gzip.compress(series[0][0].read_bytes()))
    assert import_caf_file(gz).created == 40


def _mutations(text):
    dossier_end = text.index("</InfosFoyerRSA>") + len("</InfosFoyerRSA>")
    first_dossier = text[text.index("<InfosFoyerRSA>") : dossier_end]
    return {
        "pas du XML": "ceci n'est pas un fichier XML",
        "mauvaise racine": text.replace("<Racine>", "<Autre>").replace("</Racine>", "</Autre>"),
        "tronqué": text[: len(text) // 2],
        "compte faux": re.sub(r"<NBTOTDOSRSATRANSM>\d+<", "<NBTOTDOSRSATRANSM>00000041<", text),
        "entités": text.replace("<Racine>", '<!DOCTYPE Racine [<!ENTITY x "y">]><Racine>', 1),
        "bloc manquant": re.sub(r"<DemandeRSA>.*?</DemandeRSA>", "", text, count=1, flags=re.S),
        "date invalide": re.sub(r"<DTDEMRSA>[^<]*<", "<DTDEMRSA>2025-02-30<", text, count=1),
        "état inconnu": re.sub(r"<ETATDOSRSA>.<", "<ETATDOSRSA>9<", text, count=1),
        "rôle inconnu": re.sub(r"<ROLEPERS>DEM<", "<ROLEPERS>XYZ<", text, count=1),
        "dossier en double": text[:dossier_end] + first_dossier + text[dossier_end:],
    }


@pytest.mark.parametrize(
    "case",
    ["pas du XML", "mauvaise racine", "tronqué", "compte faux", "entités", "bloc manquant", "date invalide",
     "état inconnu", "rôle inconnu", "dossier en double"],
)  # fmt: skip
def test_a_rejected_file_leaves_the_database_as_it_was(tmp_path, series, limoges, case, capsys):
    import_caf_file(series[0][0])
    before = table_counts()
    snapshot = list(Person.objects.values().order_by("pk"))
    text = series[1][0].read_bytes().decode("windows-1252")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(_mutations(text)[case].encode("windows-1252"))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import-caf", str(bad), "--json")
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    visible = captured.err.rsplit("\r", 1)[-1]  # what is left once the progress bar is erased
    assert len(visible.strip().splitlines()) == 1 and "rejeté" in visible
    assert table_counts() == {**before, "CafImport": before["CafImport"] + 1}
    rejected = CafImport.objects.get(status="rejected")
    assert rejected.rejected_reason and rejected.rejected_reason in captured.err
    assert list(Person.objects.values().order_by("pk")) == snapshot


def test_an_import_killed_midway_leaves_nothing_and_the_next_run_completes(series, limoges, monkeypatch):
    original = caf_import._Writer.write
    calls = {"n": 0}

    def dying_write(self, households):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")
        return original(self, households)

    monkeypatch.setattr(caf_import._Writer, "write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        import_caf_file(series[0][0], batch_size=10)
    assert set(table_counts().values()) == {0}
    monkeypatch.setattr(caf_import._Writer, "write", original)
    assert import_caf_file(series[0][0], batch_size=10).created == 40


def test_unknown_descriptive_codes_are_kept_and_reported(tmp_path, series, limoges):
    text = series[0][0].read_bytes().decode("windows-1252")
    text = re.sub(r"<SITFAM>[A-Z]+<", "<SITFAM>ZZZ<", text, count=1)
    path = tmp_path / "codes.xml"
    path.write_bytes(text.encode("windows-1252"))
    report = import_caf_file(path)
    assert report.unknown_codes == {"SITFAM": ["ZZZ"]}
    assert Dossier.objects.filter(family_situation="ZZZ").count() == 1


def test_communes_unknown_to_pacte_leave_the_dossier_without_territory(series):
    import_caf_file(series[0][0])
    assert not Commune.objects.exists()
    assert Dossier.objects.filter(commune=None).count() == 40


def test_the_vrsd0301_flux_is_imported_the_same_way(tmp_path, limoges):
    (path, _), *_ = monthly_series(tmp_path, households=15, months=1, flux="vrsd0301")
    report = import_caf_file(path)
    assert report.flux == "vrsd0301" and report.created == 15


def test_a_file_without_dossiers_is_imported_and_journalled(tmp_path, limoges):
    path = tmp_path / "vide.xml"
    generate(
        path, departement="87", households=0, seed=1, dtref=datetime.date(2025, 1, 31), communes=COMMUNES
    )
    report = import_caf_file(path)
    assert (report.households, report.created) == (0, 0)
    assert CafImport.objects.get().households == 0


def test_parsing_in_a_second_process_gives_the_same_import(series, limoges):
    for path, _ in series:
        report = import_caf_file(path, pipeline=True, batch_size=7)
        assert report.households > 0
    piped, history = _persons_as_imported(), RightHistory.objects.count()
    assert all(nir and search for _, nir, _, _, search, _ in piped)
    Dossier.objects.all().delete()
    CafImport.objects.all().delete()
    for path, _ in series:
        import_caf_file(path, pipeline=False)
    assert _persons_as_imported() == piped
    assert RightHistory.objects.count() == history


def _persons_as_imported():
    """Each person's NIR (decrypted), its hash, flags and name keys, as the import wrote them."""
    rows = Person.objects.values_list(
        "nir_hash", "nir_encrypted", "is_sdd", "dossier__right_state", "search_key", "sort_key"
    )
    return sorted((h, decrypt_nir(token), *rest) for h, token, *rest in rows)


def test_a_file_rejected_in_the_second_process_writes_nothing(tmp_path, series, limoges):
    text = series[0][0].read_bytes().decode("windows-1252")
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        re.sub(r"<NBTOTDOSRSATRANSM>\d+<", "<NBTOTDOSRSATRANSM>00000099<", text).encode("windows-1252")
    )
    with pytest.raises(CafFileError) as error:
        import_caf_file(bad, pipeline=True, batch_size=5)
    assert "NBTOTDOSRSATRANSM" in str(error.value)
    assert set(table_counts().values()) == {0}


def test_dossiers_already_imported_are_not_read_again(series, limoges, monkeypatch):
    from pacte.beneficiaries.caf import parser as parser_module

    import_caf_file(series[0][0])
    calls = {"n": 0}
    original = parser_module.read_household

    def counting(*args, **kwargs):
        calls["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(parser_module, "read_household", counting)
    report = import_caf_file(series[0][0], pipeline=False)
    assert report.unchanged == 40
    assert report.persons == Person.objects.count()
    assert calls["n"] == 1  # only the first dossier, read ahead for the header's département


def test_imported_persons_carry_their_name_keys_and_follow_a_change_of_name(series, limoges):
    import_caf_file(series[0][0])
    for person in Person.objects.all():
        assert person.sort_key == names.sort_key(last_name=person.last_name, first_name=person.first_name)
        assert f" {names.fold(person.first_name).split()[0]} " in person.search_key
    # The next months update persons through the batched writer: their keys stay in step.
    import_caf_file(series[1][0])
    assert not [
        p
        for p in Person.objects.all()
        if p.sort_key != names.sort_key(last_name=p.last_name, first_name=p.first_name)
    ]


@pytest.mark.parametrize("content", [b"<", b"  <!-", b"<!--"])
def test_a_file_cut_in_its_first_bytes_is_rejected_in_french(tmp_path, content):
    # Found by the mutation property test: a file of a lone "<" crashed the reading of the root's name.
    path = tmp_path / "coupe.xml"
    path.write_bytes(content)
    with pytest.raises(CafFileError) as error:
        import_caf_file(path)
    assert "tronqué" in str(error.value) or "XML" in str(error.value)
    assert set(table_counts().values()) == {0}
