"""Every pacte command answers a missing prerequisite in one French line and exit status 2."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import timezone

from pacte.beneficiaries.caf.parser import parse_file
from pacte.core.commands import PacteCommand
from tests.beneficiaries.caf_files import monthly_series
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import AppointmentFactory

ROOT = Path(__file__).resolve().parents[2]


def pacte(*args, database):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    return subprocess.run(
        [sys.executable, "-m", "pacte.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generate_caf_needs_no_database(tmp_path):
    database = tmp_path / "absente" / "pacte.sqlite3"
    out = tmp_path / "RSABEM.xml"
    run = pacte(
        "generate-caf", "--departement", "87", "--households", "5", "--seed", "1", "--dtref", "2025-01-31",
        "-o", str(out), database=database,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    parsed = parse_file(out)
    assert parsed.header.departement == "87" and len(parsed.households) == 5
    assert all(h.address.numcom.startswith("87") for h in parsed.households)
    assert not database.exists() and not database.parent.exists()


def test_import_caf_into_a_database_without_schema_is_one_french_line(tmp_path):
    (path, _), *_ = monthly_series(tmp_path, households=3, months=1)
    run = pacte("import-caf", str(path), database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2
    assert run.stderr.strip() == "Base non initialisée : lancez « pacte migrate »."


def test_any_command_on_a_database_without_schema_is_one_french_line(tmp_path):
    run = pacte("propose-orientations", "--departement", "87", database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "Base non initialisée : lancez « pacte migrate »."
    assert "Traceback" not in run.stderr


@pytest.mark.django_db
def test_import_history_without_the_departement_names_the_command_to_run(tmp_path):
    dossier = DossierFactory(numdemrsa="12345678901", departement_code="87")
    PersonFactory(dossier=dossier, rsa_role="DEM", departement_code="87")
    path = tmp_path / "historique.csv"
    path.write_text(
        "numdemrsa,role,event,date,orientation_type,organisme_kind,organisme_name,contract_kind,end_date\n"
        "12345678901,DEM,orientation,2023-02-10,professionnelle,france_travail,France Travail Limoges,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        call_command("import-history", str(path))
    assert error.value.returncode == 2
    assert str(error.value) == (
        "Département 87 absent de la base : lancez d'abord « pacte load-territory --departement 87 »."
    )


# What an answer in English, a traceback or Django's own prefix would show.
ENGLISH = ("error", "invalid", "required", "unrecognized", "no such", "traceback", "commanderror", "expected")


def assert_one_french_line(text):
    assert len(text.strip().splitlines()) == 1, text
    assert not re.search(rf"\b({'|'.join(ENGLISH)})\b", text.lower()), text


USER_ERRORS = [
    (["purge"], "pacte purge : un des arguments --dry-run --wet-run est obligatoire"),
    (["purge", "--dry-run", "--wet-run"], "pacte purge : l'argument --wet-run ne va pas avec --dry-run"),
    (
        ["generate-caf", "--departement", "87", "--households", "x", "--seed", "1", "--dtref", "2025-01-31",
         "-o", "x.xml"],
        "pacte generate-caf : argument --households : valeur « x » invalide",
    ),
    (
        ["generate-caf", "--departement", "87", "--households", "1", "--seed", "1", "--dtref", "2025-01-31",
         "--flux", "vrsx", "-o", "x.xml"],
        "pacte generate-caf : argument --flux : « vrsx » n'est pas un choix possible",
    ),
    (["send-appointment-reminders", "--bogus"], "pacte send-appointment-reminders : argument(s) inconnu(s) : --bogus"),
    (["audit"], "pacte audit : argument(s) obligatoire(s) manquant(s) : command"),
    (["invite"], "pacte invite : argument(s) obligatoire(s) manquant(s) : email"),
    (["propose-orientations", "--departement", "99"], "Département inconnu : 99"),
    (["invite", "personne@example.org"], "Aucun compte n'a l'adresse personne@example.org."),
    (["invite", "personne@example.org", "--hours", "0"], "La durée de validité doit être d'au moins une heure."),
    (["demo-otp", "direction@example.org"], "Seuls les comptes de démonstration ont un code affichable."),
    (["demo", "--households", "-3", "--no-serve"], "Le nombre de foyers doit être positif."),
    (["demo", "--task-workers", "-1", "--no-serve"], "Le nombre de processus de traitement des tâches doit être positif."),
    (["send-appointment-reminders", "--hours", "0"], "Le nombre d'heures doit être d'au moins une."),
    (["rotate-nir-key"], "Indiquez l'ancienne clé : --old-key ou la variable PACTE_NIR_KEY_OLD."),
    (
        ["generate-caf", "--departement", "99", "--households", "1", "--seed", "1", "--dtref", "2025-01-31",
         "-o", "x.xml"],
        "Aucune commune connue pour le département 99 : le projet fournit celles de la Haute-Vienne (87) et "
        "des Deux-Sèvres (79).",
    ),
    (
        ["generate-caf", "--departement", "87", "--households", "1", "--seed", "1", "--dtref", "2025-01-31",
         "-o", "{tmp}/absent/x.xml"],
        "{tmp}/absent/x.xml : fichier ou dossier introuvable.",
    ),
    (["load-territory", "--communes", "{tmp}/communes.csv"], "{tmp}/communes.csv : fichier ou dossier introuvable."),
    (
        ["load-territory", "--departement", "87", "--departement", "75"],
        "Aucune commune du département 75 dans le fichier des communes : Pacte fournit celles de la "
        "Haute-Vienne (87) et des Deux-Sèvres (79) ; donnez les autres avec --communes et --epci.",
    ),
]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "expected"), USER_ERRORS, ids=[" ".join(a)[:50] for a, _ in USER_ERRORS])
def test_a_user_error_is_one_french_line_with_status_2(tmp_path, args, expected):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    with pytest.raises(CommandError) as error:
        call_command(*args)
    assert error.value.returncode == 2
    assert_one_french_line(str(error.value).replace(str(tmp_path), ""))
    assert str(error.value).startswith(expected.replace("{tmp}", str(tmp_path)))


def test_from_the_command_line_an_argument_error_is_one_french_line(tmp_path):
    run = pacte("purge", database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "pacte purge : un des arguments --dry-run --wet-run est obligatoire "
        "(« pacte purge --help » pour l'aide)."
    )


def test_from_the_command_line_a_command_error_has_no_english_prefix(tmp_path):
    run = pacte("demo-otp", "direction@example.org", database=tmp_path / "vide.sqlite3")
    assert (run.returncode, run.stderr.strip()) == (
        2,
        "Seuls les comptes de démonstration ont un code affichable.",
    )


def test_from_the_command_line_a_missing_file_is_one_french_line(tmp_path):
    run = pacte("import-history", str(tmp_path / "absent.csv"), database=tmp_path / "vide.sqlite3")
    assert run.returncode == 2
    assert run.stderr.strip() == f"{tmp_path / 'absent.csv'} : fichier ou dossier introuvable."


def test_every_pacte_command_is_a_pacte_command():
    """Each answers a prerequisite or a user error the same way (`PacteCommand`)."""
    commands = {
        name: load_command_class(app, name)
        for name, app in get_commands().items()
        if app.startswith("pacte.")
    }
    assert len(commands) >= 14
    assert [name for name, command in commands.items() if not isinstance(command, PacteCommand)] == []


COMMUNES_HEADER = "insee_code,name,departement,epci_siren,postcodes,population,latitude,longitude\n"
BAD_TERRITORY_FILES = [
    ("--communes", "a,b\n1,2\n", "colonne(s) manquante(s) : insee_code, name, departement"),
    ("--epci", b"\xff\xfebad", "le fichier n'est pas en UTF-8."),
    ("--communes", COMMUNES_HEADER + "87085,Limoges,87,,87000,beaucoup,,\n", "ligne 2 : valeur invalide"),
    ("--communes", COMMUNES_HEADER + "99001,Ailleurs,99,,99000,10,,\n", "ligne 2 : département inconnu : 99"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("option", "content", "expected"), BAD_TERRITORY_FILES)
def test_a_territory_file_of_the_wrong_shape_is_one_french_line(tmp_path, option, content, expected):
    path = tmp_path / "fichier.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(CommandError) as error:
        call_command("load-territory", option, str(path))
    assert error.value.returncode == 2
    assert_one_french_line(str(error.value).replace(str(tmp_path), ""))
    assert str(error.value).startswith(f"{path} : {expected}")


@pytest.mark.django_db
def test_a_missing_caf_file_is_rejected_in_french(tmp_path, capsys):
    path = tmp_path / "absent.xml"
    with pytest.raises(SystemExit) as exit_:
        call_command("import-caf", str(path))
    assert exit_.value.code == 2
    assert capsys.readouterr().err.strip() == (
        f"{path} : fichier rejeté, rien n'a été importé. "
        "Lecture du fichier impossible : fichier ou dossier introuvable."
    )


@pytest.mark.django_db
def test_reminders_without_a_reachable_mail_server_are_one_french_line(settings):
    """Port 9 of the loopback refuses the connection; what was sent before stays marked."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5
    soon = timezone.now() + datetime.timedelta(hours=20)
    AppointmentFactory(person=PersonFactory(email="elodie@example.org"), starts_at=soon)
    with pytest.raises(CommandError) as error:
        call_command("send-appointment-reminders")
    assert error.value.returncode == 2
    assert_one_french_line(str(error.value))
    assert str(error.value).startswith("Serveur de messagerie injoignable (127.0.0.1:9)")


def test_an_unknown_command_is_one_french_line_with_a_suggestion(tmp_path):
    run = pacte("impot-caf", "fichier.xml", database=tmp_path / "vide.sqlite3")
    assert (run.returncode, run.stderr.strip()) == (
        2,
        "Commande inconnue : « impot-caf » ; vouliez-vous dire « import-caf » ? "
        "(« pacte help » pour la liste des commandes).",
    )
