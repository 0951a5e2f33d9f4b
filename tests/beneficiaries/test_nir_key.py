"""The NIR key: a wrong key is an error (never an empty NIR), the key is required and apart from
SECRET_KEY in production, and `pacte rotate-nir-key` moves every NIR to a new key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pacte.beneficiaries.checks import check_nir_key
from pacte.beneficiaries.crypto import UnreadableNir, decrypt_nir, encrypt_nir, nir_lookup_hash
from pacte.beneficiaries.models import Person
from tests.factories import PersonFactory
from tests.permissions.world import build_world, client_for

ROOT = Path(__file__).resolve().parents[2]
OLD_KEY = "ancienne-cle-du-nir-pour-les-tests-0123456789abcdef"
NEW_KEY = "nouvelle-cle-du-nir-pour-les-tests-fedcba9876543210"
NIRS = ["2850687085123", "1790579191234", "2920187085456", "1660287123789", "2010179005321"]


def test_a_wrong_key_raises_instead_of_answering_empty():
    token = encrypt_nir("2850687085123", key=OLD_KEY)
    assert decrypt_nir(token, key=OLD_KEY) == "2850687085123"
    with pytest.raises(UnreadableNir) as raised:
        decrypt_nir(token, key=NEW_KEY)
    assert raised.value.message == "NIR illisible : clé de chiffrement incorrecte"
    with pytest.raises(UnreadableNir):
        decrypt_nir("pas du base64 !")
    assert decrypt_nir("") == ""


@pytest.mark.django_db
def test_a_person_whose_nir_does_not_decrypt_raises(settings):
    settings.PACTE_NIR_KEY = OLD_KEY
    person = PersonFactory()
    settings.PACTE_NIR_KEY = NEW_KEY
    person = Person.objects.get(pk=person.pk)
    with pytest.raises(UnreadableNir):
        assert person.nir


@pytest.mark.django_db
def test_the_pages_say_the_nir_is_unreadable():
    world = build_world()
    person = world.objects["person_north"]
    Person.objects.filter(pk=person.pk).update(nir_encrypted=encrypt_nir("2850687085123", key=OLD_KEY))
    client = client_for(world, "direction")

    page = client.get(reverse("web:person_detail", kwargs={"uuid": person.uuid}))
    assert page.status_code == 500
    assert "NIR illisible : clé de chiffrement incorrecte" in page.content.decode()
    api = client.get(reverse("api:person-detail", kwargs={"id": person.uuid}))
    assert api.status_code == 500
    assert api.json() == {"detail": "NIR illisible : clé de chiffrement incorrecte"}


def people_under(settings, key, count=None):
    settings.PACTE_NIR_KEY = key
    return [
        PersonFactory(nir_encrypted=encrypt_nir(nir), nir_hash=nir_lookup_hash(nir)) for nir in NIRS[:count]
    ]


@pytest.mark.django_db
def test_rotation_re_encrypts_and_re_hashes_every_nir(settings, capsys):
    people = people_under(settings, OLD_KEY)
    PersonFactory(nir_encrypted="", nir_hash="")  # no NIR: left alone
    settings.PACTE_NIR_KEY = NEW_KEY
    call_command("rotate-nir-key", "--old-key", OLD_KEY, "--batch-size", "2", "--json")
    assert '"rotated": 5' in capsys.readouterr().out
    for person, nir in zip(people, NIRS, strict=True):
        person.refresh_from_db()
        assert person.nir == nir
        assert person.nir_hash == nir_lookup_hash(nir, key=NEW_KEY) != nir_lookup_hash(nir, key=OLD_KEY)
    assert Person.objects.get(nir_hash=nir_lookup_hash(NIRS[2])) == people[2]

    # A second run finds everything already under the new key and changes nothing.
    before = list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash"))
    call_command("rotate-nir-key", "--old-key", OLD_KEY, "--json")
    assert '"rotated": 0, "already_rotated": 5' in capsys.readouterr().out
    assert list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash")) == before


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(settings):
    people_under(settings, OLD_KEY, count=2)
    before = list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash"))
    settings.PACTE_NIR_KEY = NEW_KEY
    call_command("rotate-nir-key", "--old-key", OLD_KEY, "--dry-run")
    assert list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash")) == before


@pytest.mark.django_db
def test_a_nir_under_neither_key_stops_everything(settings):
    people_under(settings, OLD_KEY, count=3)
    settings.PACTE_NIR_KEY = "une-troisieme-cle-que-personne-ne-connait-plus"
    PersonFactory()
    before = list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash"))
    settings.PACTE_NIR_KEY = NEW_KEY
    with pytest.raises(CommandError, match="NIR illisible.*Rien n'a été modifié"):
        call_command("rotate-nir-key", "--old-key", OLD_KEY, "--batch-size", "1")
    assert list(Person.objects.order_by("pk").values_list("nir_encrypted", "nir_hash")) == before


@pytest.mark.django_db
def test_the_old_key_can_come_from_the_environment(settings):
    people = people_under(settings, OLD_KEY, count=1)
    settings.PACTE_NIR_KEY, settings.PACTE_NIR_KEY_OLD = NEW_KEY, OLD_KEY
    call_command("rotate-nir-key")
    people[0].refresh_from_db()
    assert people[0].nir == NIRS[0]


@pytest.mark.django_db
def test_the_command_asks_for_the_old_key(settings):
    settings.PACTE_NIR_KEY_OLD = ""
    with pytest.raises(CommandError, match="Indiquez l'ancienne clé"):
        call_command("rotate-nir-key")
    with pytest.raises(CommandError, match="différente de la clé actuelle"):
        call_command("rotate-nir-key", "--old-key", settings.PACTE_NIR_KEY)


def test_the_deploy_check_wants_a_key_of_its_own(settings):
    settings.PACTE_NIR_KEY = settings.SECRET_KEY
    assert [error.id for error in check_nir_key(None)] == ["beneficiaries.E001"]
    settings.PACTE_NIR_KEY = "courte"
    assert [error.id for error in check_nir_key(None)] == ["beneficiaries.E002"]
    settings.PACTE_NIR_KEY = NEW_KEY
    assert check_nir_key(None) == []


def run_production_check(tmp_path, **extra):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "PACTE_NIR"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "k7#Qz9!vR2@pL5$wX8^mN3&bT6*yH1(jC4)fG0_dS7+aE9=uI2-oK5",
        "ALLOWED_HOSTS": "pacte.departement.example",
        "PACTE_DATA_DIR": str(tmp_path),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "pacte.cli", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_nir_key(tmp_path):
    result = run_production_check(tmp_path)
    assert result.returncode != 0
    assert "PACTE_NIR_KEY" in result.stderr


def test_production_refuses_the_secret_key_as_nir_key(tmp_path):
    result = run_production_check(
        tmp_path, PACTE_NIR_KEY="k7#Qz9!vR2@pL5$wX8^mN3&bT6*yH1(jC4)fG0_dS7+aE9=uI2-oK5"
    )
    assert result.returncode != 0
    assert "beneficiaries.E001" in result.stderr
