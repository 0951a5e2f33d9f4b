"""Matrix rows for the foundation: home, authentication, persons, territories, organisations, API."""

from tests.permissions.loader import REDIRECT, Case, everyone, expect, pk_of, uuid_of, value_of

CASEWORK = {"direction": 200, "orientation_agent": 200, "referent": 200, "partner": 200, "superuser": 200}
NO_PEOPLE = {"employer_relations": 403, "pact_contributor": 403, "analyst": 403}

CASES = {
    "web:home": Case(expect(200, beneficiary=REDIRECT), note="la personne va dans son espace"),
    "web:login": Case(expect(REDIRECT, anonymous=200)),
    "web:logout": Case(everyone(405), note="POST seulement"),
    "web:otp_verify": Case(expect(200)),
    # Turned off by default; turned on, the flow is tested end to end in tests/web/test_proconnect.py.
    "web:proconnect_login": Case(everyone(404), note="ProConnect désactivé par défaut"),
    "web:proconnect_callback": Case(everyone(404), note="ProConnect désactivé par défaut"),
    "web:person_list": Case(expect(403, **CASEWORK)),
    "web:person_detail": [
        Case(
            expect(403, direction=200, orientation_agent=200, referent=404, partner=404, superuser=200),
            uuid_of("person_north"),
            note="personne du secteur de l'agent d'orientation",
        ),
        Case(
            expect(403, direction=200, orientation_agent=404, referent=404, partner=404, superuser=200),
            uuid_of("person_south"),
            note="personne d'un autre secteur du même département",
        ),
        Case(
            expect(403, direction=404, orientation_agent=404, referent=404, partner=404, superuser=200),
            uuid_of("person_79"),
            note="personne d'un autre département",
        ),
    ],
    "web:territory_list": Case(expect(403, direction=200, superuser=200)),
    "web:territory_edit": [
        Case(expect(403, direction=200, superuser=200), pk_of("territory_north")),
        Case(expect(403, direction=404, superuser=200), pk_of("territory_79")),
    ],
    "web:departement_signatory": [
        Case(
            expect(403, direction=200, superuser=200), value_of("territory_north", "departement_id", "code")
        ),
        Case(expect(403, direction=404, superuser=200), value_of("territory_79", "departement_id", "code")),
    ],
    "web:organization_list": Case(expect(403, direction=200, employer_relations=200, superuser=200)),
    "web:organization_detail": [
        Case(expect(403, direction=200, employer_relations=200, superuser=200), uuid_of("council_87")),
        Case(expect(403, direction=404, employer_relations=404, superuser=200), uuid_of("council_79")),
        Case(
            expect(403, direction=404, employer_relations=404, superuser=200),
            uuid_of("referent_body_79"),
            note="structure où le compte à deux départements est référent",
        ),
    ],
    "healthz": Case(everyone(200), note="pour la supervision, sans connexion"),
    "api:token": Case(everyone(405), note="POST seulement"),
    "api:schema": Case(everyone(200)),
    "api:docs": Case(everyone(200)),
    "api:person-list": Case(expect(200, anonymous=401, **NO_PEOPLE)),
    "api:person-detail": [
        Case(
            expect(404, anonymous=401, direction=200, orientation_agent=200, superuser=200, **NO_PEOPLE),
            uuid_of("person_north", kwarg="id"),
        ),
        Case(
            expect(404, anonymous=401, beneficiary=200, direction=200, superuser=200, **NO_PEOPLE),
            uuid_of("person_south", kwarg="id"),
            note="la personne bénéficiaire elle-même",
        ),
        Case(
            expect(404, anonymous=401, superuser=200, **NO_PEOPLE),
            uuid_of("person_79", kwarg="id"),
        ),
    ],
}
