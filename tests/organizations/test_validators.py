import pytest
from django.core.exceptions import ValidationError

from pacte.organizations.validators import validate_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000049837", "732 829 320 00074"])
def test_valid_siret(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret,message", [("7328293200007", "14 chiffres"), ("73282932000075", "clé"), ("ABCDEFGHIJKLMN", "14")]
)
def test_invalid_siret_says_why_in_french(siret, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert message in error.value.messages[0]
