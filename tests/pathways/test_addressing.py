import pytest

from pacte.beneficiaries.models import Person
from pacte.pathways.addressing import addressee, agree, salutation, title, vocative


def person(civility="", sex=""):
    return Person(civility=civility, sex=sex, first_name="Camille", last_name="Durand")


@pytest.mark.parametrize(
    ("civility", "sex", "expected"),
    [
        ("MME", "2", "Madame"),
        ("MLE", "2", "Madame"),
        ("MR", "1", "Monsieur"),
        # The CAF's civility comes first; the sex only when the civility is missing or unknown.
        ("MME", "1", "Madame"),
        ("MR", "2", "Monsieur"),
        ("", "2", "Madame"),
        ("", "1", "Monsieur"),
        ("XX", "2", "Madame"),
        ("", "", ""),
    ],
)
def test_the_title_comes_from_the_civility_then_the_sex(civility, sex, expected):
    assert title(person(civility, sex)) == expected


def test_the_salutation_is_madame_monsieur_only_when_nothing_is_known():
    assert salutation(person("MME")) == "Madame,"
    assert salutation(person(sex="1")) == "Monsieur,"
    assert salutation(person()) == "Madame, Monsieur,"
    assert vocative(person()) == "Madame, Monsieur"
    assert vocative(person("MLE")) == "Madame"


def test_the_addressee_is_named_with_the_civility():
    assert addressee(person("MME")) == "Madame Camille Durand"
    assert addressee(person("MR")) == "Monsieur Camille Durand"
    assert addressee(person()) == "Camille Durand"


def test_words_agree_with_the_person_without_inclusive_forms():
    assert agree(person("MME", "1"), "soumis", "soumise") == "soumise"
    assert agree(person("MR", "2"), "soumis", "soumise") == "soumis"
    assert agree(person(sex="2"), "orienté", "orientée") == "orientée"
    assert agree(person(sex="1"), "orienté", "orientée") == "orienté"
    assert agree(person(), "soumis", "soumise") == "soumis ou soumise"
