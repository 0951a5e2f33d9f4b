"""CAF role codes: one source of truth (caf/codes.py) for the model enums and the importer."""

import re

import pytest

from pacte.beneficiaries.caf import codes
from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.enums import ADULT_ROLES, OPEN_RIGHT_STATES, RightState, RsaRole, Sex
from pacte.beneficiaries.models import Person, RightHistory
from tests.beneficiaries.caf_files import monthly_series

pytestmark = pytest.mark.django_db


def test_the_model_enums_are_the_caf_code_lists():
    assert dict(RsaRole.choices) == codes.ROLEPERS
    assert dict(RightState.choices) == codes.ETATDOSRSA
    assert dict(Sex.choices) == codes.SEXE
    assert ADULT_ROLES == codes.ADULT_ROLES and "BEN" in ADULT_ROLES
    assert OPEN_RIGHT_STATES == codes.OPEN_STATES


def test_the_vrsd0301_generator_writes_ben(tmp_path):
    (path, _), *_ = monthly_series(tmp_path, households=30, months=1, flux="vrsd0301")
    text = path.read_bytes().decode("windows-1252")
    assert re.search(r"<FonctionPersonneRSA><ROLEPERS>BEN<", text)


def test_ben_persons_are_adults_with_a_right_history_and_reach_the_queue(tmp_path):
    (path, _), *_ = monthly_series(tmp_path, households=30, months=1, flux="vrsd0301")
    import_caf_file(path)
    ben = Person.objects.filter(rsa_role="BEN")
    assert ben.exists()
    assert all(person.is_adult for person in ben)
    assert RightHistory.objects.filter(person__rsa_role="BEN").count() == ben.count()
    assert set(Person.objects.adults().filter(rsa_role="BEN")) == set(ben)
    sdd = ben.filter(is_sdd=True, dossier__right_state__in=codes.OPEN_STATES)
    assert set(Person.objects.sdd().adults().filter(rsa_role="BEN")) == set(sdd)
    assert ben.first().get_rsa_role_display() == "Bénéficiaire"
