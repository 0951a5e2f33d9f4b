"""Matrix row for the indicators API: statistics for the direction and the analysts (of their own
département, the first one they read when none is asked; another département answers 404, see
tests/api/test_indicators.py); every other role 403; no token 401."""

from tests.permissions.loader import Case, expect

CASES = {
    "api:evaluation-indicators": Case(
        expect(403, anonymous=401, direction=200, analyst=200, superuser=200),
        note="département lu par défaut",
    ),
}
