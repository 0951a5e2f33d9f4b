"""Matrix rows for the evaluation dashboards and their export (aggregates only: the direction of its
département and the analysts; every other role 403). A département out of reach (`?departement=79`
for the 87's direction or analyst) answers 404: tested with its query string in
tests/web/evaluation/test_dashboard.py, as are the masked counts of analysts."""

from tests.permissions.loader import Case, expect

AGGREGATES = {"direction": 200, "analyst": 200, "superuser": 200}

CASES = {
    "web:evaluation_dashboard": Case(expect(403, **AGGREGATES)),
    "web:evaluation_survival": Case(expect(403, **AGGREGATES)),
    "web:evaluation_outcomes": Case(expect(403, **AGGREGATES)),
    "web:evaluation_export": Case(
        expect(403, **AGGREGATES), note="CSV du tableau des indicateurs par défaut"
    ),
}
