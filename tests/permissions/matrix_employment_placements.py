"""Matrix rows for immersions, tutoring and social clauses: an immersion and a tutoring of a person
of the 87 whose référent is the world's référent, the same in the 79; a clause of each département
with hours. Immersions and tutoring are the direction's, the employer-relations officers' and the
person's référent's (an employer's own members read theirs: tests/web/employment/test_placements.py);
clauses are the direction's and the officers'. Every other role answers 403 (401 for the API
without a token), an out-of-scope object 404; the API reads by the same rules. The POSTs carry no data: each is refused (a signature without its party, a draft that cannot
be carried out, a removal not confirmed) and changes nothing."""

from tests.employment.placement_factories import (
    ClauseHoursFactory,
    ImmersionFactory,
    SocialClauseFactory,
    TutoringFactory,
)
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import ReferentAssignmentFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect, uuid_of

RELATIONS = {"direction": 200, "employer_relations": 200, "superuser": 200}
WRITERS = {**RELATIONS, "referent": 200}
OUT_OF_SCOPE = {"direction": 404, "employer_relations": 404, "referent": 404, "superuser": 200}
REFUSED_POST = {
    "direction": REDIRECT,
    "employer_relations": REDIRECT,
    "referent": REDIRECT,
    "superuser": REDIRECT,
}
OUT_OF_SCOPE_POST = {**OUT_OF_SCOPE, "superuser": REDIRECT}


def build(world):
    person_87 = PersonFactory(dossier=DossierFactory(territory=world.objects["territory_north"]))
    ReferentAssignmentFactory(
        person=person_87, referent=world.users["referent"], organization=world.objects["mdd_north"]
    )
    person_79 = PersonFactory(
        dossier=DossierFactory(departement_code="79", territory=world.objects["territory_79"])
    )
    clause_87 = SocialClauseFactory(departement_code="87")
    clause_79 = SocialClauseFactory(departement_code="79")
    world.objects.update(
        {
            "pl_immersion_87": ImmersionFactory(person=person_87),
            "pl_immersion_79": ImmersionFactory(person=person_79),
            "pl_tutoring_87": TutoringFactory(person=person_87),
            "pl_tutoring_79": TutoringFactory(person=person_79),
            "pl_clause_87": clause_87,
            "pl_clause_79": clause_79,
            "pl_hours_87": ClauseHoursFactory(clause=clause_87, person=person_87),
            "pl_hours_79": ClauseHoursFactory(clause=clause_79, person=person_79),
        }
    )


def _cases(key, allowed=WRITERS, out_of_scope=OUT_OF_SCOPE, method="get", *, api=False):
    extra, kwarg = ({"anonymous": 401}, "id") if api else ({}, "uuid")
    return [
        Case(expect(403, **allowed, **extra), uuid_of(f"{key}_87", kwarg), method=method, note="du 87"),
        Case(
            expect(403, **out_of_scope, **extra, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of(f"{key}_79", kwarg),
            method=method,
            note="du 79",
        ),
    ]


CLAUSE_OUT_OF_SCOPE = {"direction": 404, "employer_relations": 404, "superuser": 200}

CASES = {
    "web:employment_immersion_list": Case(expect(403, **WRITERS)),
    "web:employment_immersion_create": Case(expect(403, **WRITERS)),
    "web:employment_immersion_detail": _cases("pl_immersion"),
    "web:employment_immersion_edit": _cases("pl_immersion"),
    "web:employment_immersion_evaluate": _cases("pl_immersion"),
    "web:employment_immersion_cancel": _cases("pl_immersion"),
    "web:employment_immersion_pdf": _cases("pl_immersion"),
    "web:employment_immersion_sign": _cases("pl_immersion", REFUSED_POST, OUT_OF_SCOPE_POST, "post"),
    "web:employment_immersion_carried_out": _cases("pl_immersion", REFUSED_POST, OUT_OF_SCOPE_POST, "post"),
    "web:employment_tutoring_list": Case(expect(403, **WRITERS)),
    "web:employment_tutoring_create": Case(expect(403, **WRITERS)),
    "web:employment_tutoring_detail": _cases("pl_tutoring"),
    "web:employment_tutoring_meeting_add": _cases("pl_tutoring"),
    "web:employment_tutoring_end": _cases("pl_tutoring"),
    "web:employment_clause_list": Case(expect(403, **RELATIONS)),
    "web:employment_clause_create": Case(expect(403, **RELATIONS)),
    "web:employment_clause_export": Case(expect(403, **RELATIONS)),
    "web:employment_clause_detail": _cases("pl_clause", RELATIONS, CLAUSE_OUT_OF_SCOPE),
    "web:employment_clause_edit": _cases("pl_clause", RELATIONS, CLAUSE_OUT_OF_SCOPE),
    "web:employment_clause_hours_add": _cases("pl_clause", RELATIONS, CLAUSE_OUT_OF_SCOPE),
    "web:employment_clause_hours_remove": _cases(
        "pl_hours",
        {"direction": REDIRECT, "employer_relations": REDIRECT, "superuser": REDIRECT},
        {**CLAUSE_OUT_OF_SCOPE, "superuser": REDIRECT},
        "post",
    ),
    "api:immersion-list": Case(expect(403, anonymous=401, **WRITERS)),
    "api:immersion-detail": _cases("pl_immersion", api=True),
    "api:tutoring-list": Case(expect(403, anonymous=401, **WRITERS)),
    "api:tutoring-detail": _cases("pl_tutoring", api=True),
    "api:social-clause-list": Case(expect(403, anonymous=401, **RELATIONS)),
    "api:social-clause-detail": _cases("pl_clause", RELATIONS, CLAUSE_OUT_OF_SCOPE, api=True),
}
