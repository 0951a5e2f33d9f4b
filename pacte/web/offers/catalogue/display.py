"""The offers' codes in the schema's French words, for the pages."""

from data_inclusion.schema import v1 as schema

from pacte.offers import enums

LABELS = {
    "thematiques": dict(enums.Thematique.choices),
    "publics": dict(enums.Public.choices),
    "reception_modes": dict(enums.ReceptionMode.choices),
    "mobilisation_modes": dict(enums.MobilisationMode.choices),
    "aims": dict(enums.OfferAim.choices),
}
CATEGORIES = {category.value: category.label for category in schema.Categorie}


def labels(field, codes):
    """The labels of `codes` of the multi-valued `field`, an unknown code shown as it is."""
    known = LABELS[field]
    return [known.get(code, code) for code in codes or []]


def thematique_choices():
    """The thématiques grouped under their category, as the schema cuts them."""
    groups = {}
    for value, label in enums.Thematique.choices:
        category = value.split("--")[0]
        groups.setdefault(CATEGORIES.get(category, category), []).append((value, label))
    return list(groups.items())


def distance(value):
    """ "à 12,3 km" from a distance in kilometres."""
    return "à " + f"{value:.1f}".replace(".", ",") + " km"
