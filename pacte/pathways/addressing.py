"""How letters address a person: the civility of the CAF file (`QUAL`), else their sex, and the words
agreed with it. A letter to a person never uses inclusive forms ("soumis·e"): when neither is known,
it writes both words ("soumis ou soumise") and opens with "Madame, Monsieur"."""

FEMININE = "f"
MASCULINE = "m"

CIVILITY_GENDERS = {"MME": FEMININE, "MLE": FEMININE, "MR": MASCULINE}
SEX_GENDERS = {"2": FEMININE, "1": MASCULINE}
TITLES = {FEMININE: "Madame", MASCULINE: "Monsieur"}


def gender(person):
    """`FEMININE`, `MASCULINE`, or `None` when neither the civility nor the sex is known."""
    return CIVILITY_GENDERS.get(person.civility) or SEX_GENDERS.get(person.sex)


def title(person):
    """ "Madame" or "Monsieur" ("Mademoiselle" is no longer used in letters), "" when unknown."""
    return TITLES.get(gender(person), "")


def vocative(person):
    """How the letter calls the person: "Madame", "Monsieur", or "Madame, Monsieur" when unknown."""
    return title(person) or "Madame, Monsieur"


def salutation(person):
    """The letter's opening line: "Madame,", "Monsieur," or "Madame, Monsieur,"."""
    return f"{vocative(person)},"


def addressee(person):
    """The name on the envelope: "Madame Élodie Lefèvre", the bare name when the civility is unknown."""
    return " ".join(part for part in (title(person), person.full_name) if part)


def agree(person, masculine, feminine):
    """The word agreed with the person: `feminine`, `masculine`, or both joined by "ou"."""
    return {FEMININE: feminine, MASCULINE: masculine}.get(gender(person), f"{masculine} ou {feminine}")
