"""Matrix rows for the pact's annual review page and the computing of its indicators (the world's
pacts of the 87 and the 79, built by matrix_pact): the direction of the 87 and the superuser only;
the other readers of the pact get 403; the 79's pact is out of sight (404), but for the direction
of the 87 who is référent in the 79, who reads it and may not produce its review (403)."""

from tests.permissions.loader import DIRECTION_87_REFERENT_79, Case, expect
from tests.permissions.matrix_pact import EDIT, slug

PACT_79 = expect(404, superuser=200, beneficiary=403, **{DIRECTION_87_REFERENT_79: 403})
# POST without a year: the direction gets the page again with the error (400).
COMPUTE_87 = {**EDIT, "direction": 400, "superuser": 400}
COMPUTE_79 = {**PACT_79, "superuser": 400}

CASES = {
    "web:pact_bilan": [
        Case(expect(403, **EDIT), slug("pact_87"), note="pacte du 87 : le formulaire du bilan"),
        Case(PACT_79, slug("pact_79"), note="pacte du 79"),
    ],
    "web:pact_indicators_compute": [
        Case(expect(403, **COMPUTE_87), slug("pact_87"), method="post", note="pacte du 87, sans année"),
        Case(COMPUTE_79, slug("pact_79"), method="post", note="pacte du 79, sans année"),
    ],
}
