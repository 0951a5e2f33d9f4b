"""Matrix rows for the employment dashboard (aggregates only): the direction and the
employer-relations officers of the département read it (the bare URL sends them to their first
département's), every other role answers 403, another département's dashboard 404. That no person's
data reaches the page is tested on its content (tests/web/employment/test_dashboard.py)."""

from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect

RELATIONS = {"direction": 200, "employer_relations": 200, "superuser": 200}


def _code(code):
    def kwargs(world):
        return {"code": code}

    return kwargs


CASES = {
    "web:employment_dashboard": Case(
        expect(403, direction=REDIRECT, employer_relations=REDIRECT, superuser=REDIRECT),
        note="vers le tableau de bord du premier département",
    ),
    "web:employment_dashboard_departement": [
        Case(expect(403, **RELATIONS), _code("87"), note="département 87"),
        Case(
            expect(
                403, direction=404, employer_relations=404, superuser=200, **{DIRECTION_87_REFERENT_79: 404}
            ),
            _code("79"),
            note="département 79",
        ),
    ],
}
