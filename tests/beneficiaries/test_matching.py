"""The one person matcher, shared by the CAF import and the spreadsheet import."""

import datetime
import io

import pytest

from pacte.beneficiaries import matching
from pacte.beneficiaries.caf_import import import_caf_file
from pacte.beneficiaries.crypto import nir_lookup_hash
from pacte.beneficiaries.matching import Identity, PersonMatcher, matchers_for
from pacte.beneficiaries.spreadsheet import read_sheet, review
from tests.beneficiaries.caf_files import monthly_series
from tests.beneficiaries.test_spreadsheet import COLUMNS, csv_bytes, row
from tests.factories import DossierFactory, PersonFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(1985, 6, 15)


@pytest.fixture
def persons():
    dossier = DossierFactory(numdemrsa="00000012345")
    pauline = PersonFactory(
        dossier=dossier, last_name="MARTIN", birth_name="DUPONT", first_name="PAULINE", birth_date=BORN,
        nir_hash=nir_lookup_hash("2850687085123"),
    )  # fmt: skip
    marc = PersonFactory(
        dossier=dossier, last_name="MARTIN", birth_name="MARTIN", first_name="MARC",
        birth_date=datetime.date(1980, 1, 2), nir_hash="",
    )  # fmt: skip
    return dossier, pauline, marc


def test_the_nir_is_matched_on_its_13_first_characters(persons):
    _, pauline, _ = persons
    matcher = PersonMatcher([pauline])
    found = matcher.find(Identity(nir="285068708512345", first_name="Autre", birth_date=None))
    assert found == pauline


def test_an_unknown_nir_falls_back_to_birth_name_first_name_and_birth_date(persons):
    _, pauline, marc = persons
    matcher = PersonMatcher([pauline, marc])
    identity = Identity(
        nir="1800187085999", birth_name="Martin", first_name="marc", birth_date=marc.birth_date
    )
    assert matcher.find(identity) == marc
    assert matcher.find(Identity(birth_name="Dupont", first_name="Pauline", birth_date=BORN)) == pauline


def test_the_usage_name_is_used_only_without_a_birth_name(persons):
    _, pauline, _ = persons
    matcher = PersonMatcher([pauline])
    assert matcher.find(Identity(last_name="Martin", first_name="Pauline", birth_date=BORN)) == pauline
    with_birth_name = Identity(birth_name="Durand", last_name="Martin", first_name="Pauline", birth_date=BORN)
    assert matcher.find(with_birth_name) is None
    assert matcher.find(Identity(birth_name="Dupont", first_name="Pauline", birth_date=None)) is None


def test_a_person_is_claimed_once_and_the_first_claim_is_kept(persons):
    _, pauline, _ = persons
    matcher = PersonMatcher([pauline])
    same = Identity(birth_name="DUPONT", first_name="PAULINE", birth_date=BORN)
    assert matcher.claim(same, 2) == (pauline, None)
    assert matcher.claim(Identity(nir="2850687085123", first_name="P", birth_date=None), 5) == (pauline, 2)
    stranger = Identity(birth_name="Petit", first_name="Léa", birth_date=BORN)
    assert matcher.claim(stranger, 7) == (None, None)
    assert matcher.claim(Identity(birth_name="PETIT", first_name="LÉA", birth_date=BORN), 9) == (None, 7)


def test_matchers_are_loaded_in_bulk(persons, django_assert_num_queries):
    dossier, pauline, marc = persons
    other = DossierFactory()
    with django_assert_num_queries(1):
        matchers = matchers_for([dossier.pk, other.pk])
    assert (
        matchers[other.pk].find(Identity(birth_name="DUPONT", first_name="PAULINE", birth_date=BORN)) is None
    )
    assert matchers[dossier.pk].find(
        Identity(birth_name="MARTIN", first_name="MARC", birth_date=marc.birth_date)
    )


@pytest.fixture
def claims(monkeypatch):
    """Every claim made through the shared matcher, with the caller's module."""
    seen = []
    claim = PersonMatcher.claim

    def spy(self, identity, token):
        import inspect

        seen.append(inspect.stack()[1].frame.f_globals["__name__"])
        return claim(self, identity, token)

    monkeypatch.setattr(matching.PersonMatcher, "claim", spy)
    return seen


def test_both_imports_match_through_the_shared_matcher(persons, claims, tmp_path):
    series = monthly_series(tmp_path, households=6, months=2)
    for path, _ in series:
        import_caf_file(path)
    assert "pacte.beneficiaries.caf_import" in claims
    sheet = read_sheet(io.BytesIO(csv_bytes([row(**{"Nom naissance": "Dupont"})])), file_name="a.csv")
    review(sheet, columns=COLUMNS, departement_code="87")
    assert "pacte.beneficiaries.spreadsheet" in claims
