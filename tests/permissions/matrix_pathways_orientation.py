"""Matrix rows for the orientation pages of the web UI (queue, diagnostic, pre-orientation, rules,
decision and letter, export, reorientation inbox, équipes pluridisciplinaires, late dashboard).

Pages are for the orienting roles (direction, orientation agents; 403 for the others); a person,
proposal, request, session or case out of the user's scope answers 404."""

import datetime

from pacte.organizations.enums import OrganizationKind
from pacte.pathways.enums import ReorientationStatus, TeamCaseKind, TeamCaseStatus, TeamDecision
from pacte.pathways.models import ReorientationRequest, TeamCase, TeamSession
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, RuleFactory
from tests.permissions.loader import Case, expect, pk_of, uuid_of

ORIENTING = {"direction": 200, "orientation_agent": 200, "superuser": 200}
IN_SCOPE = expect(403, **ORIENTING)
OTHER_DEPARTEMENT = expect(403, direction=404, orientation_agent=404, superuser=200)
NOT_GET = expect(405)
RULES = expect(403, direction=200, superuser=200)


def _person(world, key):
    territory = world.objects[key]
    return PersonFactory(
        dossier=DossierFactory(departement_code=territory.departement_id, territory=territory)
    )


def _reorientation(person, orientation):
    return ReorientationRequest.objects.create(
        departement_code=person.departement_code,
        person=person,
        current_orientation=orientation,
        requested_on=datetime.date(2025, 5, 1),
        reason="La personne a trouvé une formation qualifiante.",
        proposed_track="sociale",
        proposed_body_kind="departement",
        status=ReorientationStatus.PENDING,
    )


def _team(person, code):
    session = TeamSession.objects.create(departement_code=code, held_on=datetime.date(2025, 6, 1))
    case = TeamCase.objects.create(
        departement_code=code, session=session, person=person, kind=TeamCaseKind.REORIENTATION
    )
    return session, case


def _decided(session, person):
    """A decided case, for its letter."""
    return TeamCase.objects.create(
        departement_code=session.departement_code,
        session=session,
        person=person,
        kind=TeamCaseKind.NON_COMPLIANCE,
        status=TeamCaseStatus.DECIDED,
        decision=TeamDecision.SUSPENSION,
        decided_at=session.held_on,
    )


def build(world):
    ft_87 = OrganizationFactory(
        name="France Travail Limoges",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=world.objects["departement_87"],
    )
    ft_79 = OrganizationFactory(
        name="France Travail Parthenay",
        kind=OrganizationKind.FRANCE_TRAVAIL,
        departement=world.objects["departement_79"],
    )
    north, person_79 = _person(world, "territory_north"), _person(world, "territory_79")
    oriented_north = OrientationFactory(person=north, body=ft_87, decision_date=datetime.date(2025, 4, 1))
    oriented_79 = OrientationFactory(person=person_79, body=ft_79, decision_date=datetime.date(2025, 4, 1))
    session_87, case_north = _team(north, "87")
    session_79, case_79 = _team(person_79, "79")
    world.objects.update(
        or_orientation_north=oriented_north,
        or_orientation_79=oriented_79,
        or_proposal_north=OrientationFactory(
            person=_person(world, "territory_north"), body=ft_87, proposed=True
        ),
        or_proposal_79=OrientationFactory(person=_person(world, "territory_79"), body=ft_79, proposed=True),
        or_rule_87=RuleFactory(departement_code="87", position=1),
        or_rule_79=RuleFactory(departement_code="79", position=1),
        or_reorientation_north=_reorientation(north, oriented_north),
        or_reorientation_79=_reorientation(person_79, oriented_79),
        or_session_87=session_87,
        or_session_79=session_79,
        or_case_north=case_north,
        or_case_79=case_79,
        or_decided_north=_decided(session_87, north),
        or_decided_79=_decided(session_79, person_79),
    )


def _person_page(extra=None):
    """A page about a person: the agent's sector, another sector, another département."""
    extra = extra or {}
    return [
        Case(
            expect(403, **ORIENTING, **extra), uuid_of("person_north"), note="personne du secteur de l'agent"
        ),
        Case(
            expect(403, direction=200, orientation_agent=404, superuser=200, **{k: 404 for k in extra}),
            uuid_of("person_south"),
            note="personne d'un autre secteur",
        ),
        Case(
            expect(403, direction=404, orientation_agent=404, superuser=200, **{k: 404 for k in extra}),
            uuid_of("person_79"),
            note="personne d'un autre département",
        ),
    ]


def _scoped(key_in, key_out, note):
    return [
        Case(IN_SCOPE, uuid_of(key_in), note=note),
        Case(OTHER_DEPARTEMENT, uuid_of(key_out), note="objet d'un autre département"),
    ]


def _post_only(kwargs=None, post_expected=None, note="objet d'un autre département, corps vide"):
    kwargs = kwargs or (lambda world: {})
    cases = [Case(NOT_GET, kwargs, note="POST seulement")]
    if post_expected is not None:
        cases.append(Case(post_expected, kwargs, method="post", note=note))
    return cases


CASES = {
    "web:orientation_queue": Case(IN_SCOPE),
    "web:orientation_late": Case(IN_SCOPE),
    "web:orientation_stock": Case(IN_SCOPE),
    "web:orientation_export": Case(IN_SCOPE),
    "web:orientation_proposals": Case(IN_SCOPE),
    "web:orientation_reorientations": Case(IN_SCOPE),
    "web:orientation_sessions": Case(IN_SCOPE),
    "web:orientation_session_create": Case(IN_SCOPE),
    "web:orientation_rome_search": Case(expect(403, referent=200, **ORIENTING)),
    "web:orientation_person": _person_page(),
    "web:orientation_decide": _person_page(),
    "web:orientation_body_options": _person_page(),
    "web:orientation_diagnostic": _person_page({"referent": 404}),
    "web:orientation_add_team_case": _post_only(
        uuid_of("person_79"), expect(403, direction=404, orientation_agent=404, superuser=200)
    ),
    "web:orientation_letter": _scoped(
        "or_orientation_north", "or_orientation_79", "orientation décidée du secteur"
    ),
    "web:orientation_proposal": _scoped("or_proposal_north", "or_proposal_79", "proposition du secteur"),
    "web:orientation_validate_proposal": _post_only(uuid_of("or_proposal_79"), OTHER_DEPARTEMENT),
    "web:orientation_refuse_proposal": _post_only(uuid_of("or_proposal_79"), OTHER_DEPARTEMENT),
    "web:orientation_run_rules": _post_only(
        post_expected=expect(403, direction="redirect", orientation_agent="redirect", superuser="redirect"),
        note="toute la file",
    ),
    "web:orientation_validate_cohort": _post_only(post_expected=IN_SCOPE, note="sélection vide"),
    "web:orientation_reorientation": _scoped(
        "or_reorientation_north", "or_reorientation_79", "demande pour une personne du secteur"
    ),
    "web:orientation_session": _scoped("or_session_87", "or_session_79", "séance du département"),
    "web:orientation_case_decide": _scoped(
        "or_case_north", "or_case_79", "dossier d'une personne du secteur"
    ),
    "web:orientation_session_agenda": _scoped("or_session_87", "or_session_79", "séance du département"),
    "web:orientation_session_minutes": _scoped("or_session_87", "or_session_79", "séance du département"),
    "web:orientation_case_letter": _scoped(
        "or_decided_north", "or_decided_79", "dossier décidé d'une personne du secteur"
    ),
    "web:orientation_rules": Case(RULES),
    "web:orientation_rule_create": Case(RULES),
    "web:orientation_rule_edit": [
        Case(RULES, pk_of("or_rule_87")),
        Case(
            expect(403, direction=404, superuser=200),
            pk_of("or_rule_79"),
            note="règle d'un autre département",
        ),
    ],
    "web:orientation_rule_move": [
        Case(NOT_GET, pk_of("or_rule_87"), note="POST seulement"),
        Case(
            expect(403, direction=404, superuser="redirect"),
            pk_of("or_rule_79"),
            method="post",
            note="règle d'un autre département",
        ),
    ],
    "web:orientation_rule_toggle": [
        Case(NOT_GET, pk_of("or_rule_87"), note="POST seulement"),
        Case(
            expect(403, direction=404, superuser="redirect"),
            pk_of("or_rule_79"),
            method="post",
            note="règle d'un autre département",
        ),
    ],
}
