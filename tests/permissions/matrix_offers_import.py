"""Matrix rows for the catalogue import: the partners (for their organisations) and the direction
(for its département's) upload, review and confirm; every other role gets 403. An import lives in
the session that uploaded it: any other session (another user's, or the same user's elsewhere)
gets 404 for it (tests/web/offers/test_offer_import.py proves it with real uploads)."""

import uuid

from tests.permissions.loader import Case, expect

IMPORTERS = {"partner": 200, "direction": 200, "superuser": 200}
ANOTHER_SESSION = {"partner": 404, "direction": 404, "superuser": 404}
# The import of some other session: no session of the matrix holds it.
OTHER_IMPORT = uuid.UUID("5b0f8f0e-3c1d-4a57-9d36-0f6a2b7c9e11")


def other_import(world):
    return {"uuid": OTHER_IMPORT}


other_import.label = "uuid=import d'une autre session"


def _post_only():
    return [
        Case(expect(405), other_import, note="GET"),
        Case(expect(403, **ANOTHER_SESSION), other_import, method="post"),
    ]


CASES = {
    "web:offer_import": Case(expect(403, **IMPORTERS)),
    "web:offer_import_template": Case(expect(403, **IMPORTERS)),
    "web:offer_import_review": [
        Case(expect(403, **ANOTHER_SESSION), other_import),
        Case(expect(403, **ANOTHER_SESSION), other_import, method="post", note="choix des colonnes"),
    ],
    "web:offer_import_confirm": _post_only(),
    "web:offer_import_cancel": _post_only(),
}
