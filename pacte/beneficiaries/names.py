"""Names as French users search and sort them: accents, case, hyphens and apostrophes do not count
("noel" finds Noël, "Pauline Duprat" finds DUPRAT Pauline, É sorts with E).

Each person keeps two folded keys, written with their names (`Person.save`, the CAF import's row
writers, the spreadsheet import): `search_key` holds every name of the person, `sort_key` their
usage name then first name. Both are derived data, erased by the purge with the names.
"""

import functools
import re
import unicodedata

# Letters that do not decompose into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})
NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
SEARCH_KEY_LENGTH = 200
SORT_KEY_LENGTH = 100
NAME_FIELDS = ("last_name", "birth_name", "first_name", "other_first_names")
KEY_FIELDS = ("search_key", "sort_key")


@functools.lru_cache(maxsize=65_536)
def fold(text):
    """`text` in lower case, without accents, its words separated by one space (names repeat: the
    CAF import folds hundreds of thousands, hence the cache)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").lower().translate(LIGATURES))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return NOT_ALPHANUMERIC.sub(" ", bare).strip()


def search_key(*, last_name="", birth_name="", first_name="", other_first_names=""):
    words = [
        word for name in (last_name, birth_name, first_name, other_first_names) for word in fold(name).split()
    ]
    # Each word once, in a stable order, framed by spaces so that a word can be matched whole.
    unique = " ".join(dict.fromkeys(words))
    return f" {unique} "[:SEARCH_KEY_LENGTH] if unique else ""


def sort_key(*, last_name="", first_name=""):
    return f"{fold(last_name)} {fold(first_name)}".strip()[:SORT_KEY_LENGTH]


def keys(names):
    """(search key, sort key) of a mapping of `NAME_FIELDS` (missing or None: empty)."""
    names = {name: names.get(name) or "" for name in NAME_FIELDS}
    return search_key(**names), sort_key(last_name=names["last_name"], first_name=names["first_name"])


def fill_keys(person):
    """Set `person`'s keys from its names (a model or a plain row of the import)."""
    person.search_key, person.sort_key = keys({name: getattr(person, name, "") for name in NAME_FIELDS})
    return person


def query_words(query):
    """The folded words of a search, each to be found at the start of one of the person's words."""
    return fold(query).split()
