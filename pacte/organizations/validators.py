from django.core.exceptions import ValidationError


def luhn_valid(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siret(value):
    value = value.replace(" ", "")
    if len(value) != 14 or not value.isdigit():
        raise ValidationError("Le SIRET doit comporter 14 chiffres.", code="siret_length")
    # La Poste's establishments derogate from the Luhn rule (SIREN 356000000).
    if value.startswith("356000000"):
        if sum(int(c) for c in value) % 5 != 0:
            raise ValidationError("Ce SIRET n'est pas valide (clé de contrôle).", code="siret_key")
        return
    if not luhn_valid(value):
        raise ValidationError("Ce SIRET n'est pas valide (clé de contrôle).", code="siret_key")
