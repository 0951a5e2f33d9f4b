"""Names folded for search and sort: accents, case, ligatures, hyphens and apostrophes aside."""

import pytest

from pacte.beneficiaries import names
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Noël", "noel"),
        ("ÉTIENNE", "etienne"),
        ("Lætitia", "laetitia"),
        ("Cœur", "coeur"),
        ("N'Diaye-Ba", "n diaye ba"),
        ("  Jean   Pierre ", "jean pierre"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert names.fold(text) == folded


def test_the_search_key_holds_every_name_once_framed_by_spaces():
    key = names.search_key(
        last_name="DUPRAT", birth_name="Duprat", first_name="Pauline", other_first_names="Noëlle"
    )
    assert key == " duprat pauline noelle "


@pytest.mark.django_db
def test_saving_a_person_writes_its_keys_also_with_update_fields():
    person = PersonFactory(last_name="ÉTIENNE", birth_name="Étienne", first_name="Zoé")
    person.refresh_from_db()
    assert (person.search_key, person.sort_key) == (" etienne zoe ", "etienne zoe")
    person.last_name = "Noël"
    person.save(update_fields=["last_name"])
    person.refresh_from_db()
    assert person.sort_key == "noel zoe" and " noel " in person.search_key
