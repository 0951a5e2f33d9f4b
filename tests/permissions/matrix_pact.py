"""Matrix rows for the pacts: a pact of the 87 (with a thematic, an objective, an action, a
signatory and an indicator) and a pact of the 79. Every staff role of the 87 reads the 87's pact,
analysts included (a pact holds no personal data); only the direction changes it; the beneficiary
reads none; nobody of the 87 reads the 79's."""

from tests.pact.factories import (
    ActionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PactFactory,
    SignatoryFactory,
    ThematicFactory,
)
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect, uuid_of, value_of

STAFF = {
    "direction": 200,
    "orientation_agent": 200,
    "referent": 200,
    "partner": 200,
    "employer_relations": 200,
    "pact_contributor": 200,
    "analyst": 200,
    "superuser": 200,
}
# Readers of the 87 who may not change its pact: 403; out of sight: 404.
EDIT = {**dict.fromkeys(STAFF, 403), "direction": 200, "superuser": 200, "beneficiary": 403}
# The 79's pact: the direction of the 87 who is référent in the 79 reads it, no one else of the 87.
PACT_79 = {"superuser": 200, DIRECTION_87_REFERENT_79: 200}


def build(world):
    pact = PactFactory(departement=world.objects["departement_87"], slug="pacte-87")
    thematic = ThematicFactory(pact=pact)
    objective = ObjectiveFactory(thematic=thematic)
    action = ActionFactory(objective=objective, pilot=world.objects["association_87"])
    pact_79 = PactFactory(departement=world.objects["departement_79"], slug="pacte-79")
    world.objects.update(
        {
            "pact_87": pact,
            "thematic_87": thematic,
            "objective_87": objective,
            "action_87": action,
            "signatory_87": SignatoryFactory(pact=pact),
            "indicator_87": IndicatorFactory(pact=pact),
            "pact_79": pact_79,
            "action_79": ActionFactory(objective=ObjectiveFactory(thematic=ThematicFactory(pact=pact_79))),
            "indicator_79": IndicatorFactory(pact=pact_79),
        }
    )


def slug(key):
    return value_of(key, "slug", "slug")


def slug_and_pk(pact_key, key):
    def kwargs(world):
        return {"slug": world.objects[pact_key].slug, "pk": world.objects[key].pk}

    kwargs.label = f"slug={pact_key}, pk={key}"
    return kwargs


def _read(kwargs_87, kwargs_79, note=""):
    return [
        Case(expect(403, **STAFF), kwargs_87, note=f"pacte du 87{note}"),
        Case(expect(404, **PACT_79, beneficiary=403), kwargs_79, note=f"pacte du 79{note}"),
    ]


def _edit(kwargs_87, kwargs_79):
    return [
        Case(expect(403, **EDIT), kwargs_87, note="pacte du 87"),
        Case(
            expect(404, superuser=200, beneficiary=403, **{DIRECTION_87_REFERENT_79: 403}),
            kwargs_79,
            note="pacte du 79 (lu par le référent du 79, non modifiable)",
        ),
    ]


CASES = {
    "web:pact_list": Case(expect(200, beneficiary=403)),
    "web:pact_detail": _read(slug("pact_87"), slug("pact_79")),
    "web:pact_signatories": _read(slug("pact_87"), slug("pact_79")),
    "web:pact_concertation": _read(slug("pact_87"), slug("pact_79")),
    "web:pact_indicator_list": _read(slug("pact_87"), slug("pact_79")),
    "web:pact_action_detail": _read(uuid_of("action_87"), uuid_of("action_79")),
    "web:pact_indicator_detail": _read(uuid_of("indicator_87"), uuid_of("indicator_79")),
    "web:pact_thematic_create": _edit(slug("pact_87"), slug("pact_79")),
    "web:pact_signatory_create": _edit(slug("pact_87"), slug("pact_79")),
    "web:pact_thematic_edit": Case(expect(403, **EDIT), slug_and_pk("pact_87", "thematic_87")),
    "web:pact_objective_create": Case(expect(403, **EDIT), slug_and_pk("pact_87", "thematic_87")),
    "web:pact_objective_edit": Case(expect(403, **EDIT), slug_and_pk("pact_87", "objective_87")),
    "web:pact_action_create": Case(expect(403, **EDIT), slug_and_pk("pact_87", "objective_87")),
    "web:pact_signatory_edit": Case(expect(403, **EDIT), slug_and_pk("pact_87", "signatory_87")),
    "web:pact_action_edit": _edit(uuid_of("action_87"), uuid_of("action_79")),
    "web:pact_budget_line_create": _edit(uuid_of("action_87"), uuid_of("action_79")),
    "web:pact_indicator_value_create": _edit(uuid_of("indicator_87"), uuid_of("indicator_79")),
    "web:pact_indicator_create": _edit(slug("pact_87"), slug("pact_79")),
    "web:pact_indicator_edit": _edit(uuid_of("indicator_87"), uuid_of("indicator_79")),
    "web:pact_status": Case(
        expect(403, **{**EDIT, "direction": REDIRECT, "superuser": REDIRECT}),
        slug("pact_87"),
        method="post",
        note="sans statut : message d'erreur",
    ),
    "api:pact-list": Case(expect(200, anonymous=401)),
    "api:pact-detail": [
        Case(expect(404, anonymous=401, **STAFF), slug("pact_87"), note="pacte du 87"),
        Case(expect(404, anonymous=401, **PACT_79), slug("pact_79"), note="pacte du 79"),
    ],
}
