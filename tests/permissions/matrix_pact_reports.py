"""Matrix rows for the pact's follow-up: yearly action reports, steering committees, concertation
forms. The pact contributor of the world reports on `action_87` (not on `action_87_other`); the
87 holds a submitted and a validated report, the 79 a validated one; a committee in each pact with
a follow-up task owned by the contributor (the 87's) or by the 79's direction.

A contributor reaches only the actions they report on (any other: 404); the direction of the 87
reads and reviews every report of the 87; the other readers of the pact read the validated
reports only (a draft or submitted one: 404); every reader of a pact reads its committees; a task
is marked done by its owner or the direction, anyone else gets 404."""

import datetime

from pacte.organizations.enums import Role
from pacte.pact import committees, reports
from pacte.pact.models import ConcertationEvent
from tests.factories import MembershipFactory
from tests.pact.factories import ActionFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect, uuid_of
from tests.permissions.matrix_pact import EDIT, PACT_79, STAFF, _edit, _read, slug, slug_and_pk

# The 87's staff who are not the direction nor the contributor: readers of its validated reports.
OTHER_READERS = ("orientation_agent", "referent", "partner", "employer_relations", "analyst")


def _report(world, action, year, *, author, reviewer=None):
    report = reports.save_report(
        actor=author, action=action, year=year, progress_percent=50, advances="Deux sessions.", submit=True
    )
    if reviewer is not None:
        reports.review(actor=reviewer, report=report, validate=True)
    return report


def build(world):
    objects, users = world.objects, world.users
    contributor, direction = users[Role.PACT_CONTRIBUTOR.value], users[Role.DIRECTION.value]
    action = objects["action_87"]
    action.reporters.add(contributor)
    objects["action_87_other"] = ActionFactory(objective=objects["objective_87"])
    objects["report_87_submitted"] = _report(world, action, 2024, author=contributor)
    objects["report_87_validated"] = _report(world, action, 2022, author=contributor, reviewer=direction)
    # The 79's action is written by a contributor of the 79 and validated by its direction.
    council_79 = objects["council_79"]
    contributor_79 = MembershipFactory(role=Role.PACT_CONTRIBUTOR, organization=council_79).user
    direction_79 = MembershipFactory(role=Role.DIRECTION, organization=council_79).user
    objects["action_79"].reporters.add(contributor_79)
    objects["report_79"] = _report(
        world, objects["action_79"], 2024, author=contributor_79, reviewer=direction_79
    )
    day = datetime.date(2024, 6, 14)
    committee = committees.save_committee(
        actor=direction, pact=objects["pact_87"], held_on=day, title="Comité de pilotage 2024"
    )
    committee_79 = committees.save_committee(
        actor=direction_79, pact=objects["pact_79"], held_on=day, title="Comité de pilotage 79"
    )
    objects.update(
        {
            "committee_87": committee,
            "committee_79": committee_79,
            "task_87": committees.add_task(
                actor=direction, committee=committee, title="Relancer", owner=contributor
            ),
            "task_79": committees.add_task(
                actor=direction_79, committee=committee_79, title="Chiffrer", owner=direction_79
            ),
            "concertation_87": ConcertationEvent.objects.create(
                pact=objects["pact_87"], kind="reunion", title="Réunion de concertation", period="2022"
            ),
        }
    )


def action_and_year(key, year):
    def kwargs(world):
        return {"uuid": world.objects[key].uuid, "year": year}

    kwargs.label = f"uuid={key}, year={year}"
    return kwargs


CONTRIBUTOR_ONLY = {"pact_contributor": 200, "superuser": 200, "beneficiary": 403}
# The contributor writes the report of its action; the superuser is nobody's reporter.
WRITE_OWN = {"pact_contributor": 200, "superuser": 404}
SUBMITTED = {
    **dict.fromkeys(OTHER_READERS, 404), "direction": 200, "pact_contributor": 200, "superuser": 200,
    "beneficiary": 403,
}  # fmt: skip
VALIDATED_79 = {"superuser": 200, DIRECTION_87_REFERENT_79: 200, "beneficiary": 403}
REVIEW = {
    **dict.fromkeys(OTHER_READERS, 404), "direction": 200, "superuser": 200, "pact_contributor": 403,
    "beneficiary": 403,
}  # fmt: skip
DONE_87 = {"pact_contributor": REDIRECT, "direction": REDIRECT, "superuser": REDIRECT}

CASES = {
    "web:pact_my_reports": Case(expect(403, **CONTRIBUTOR_ONLY)),
    "web:pact_report_edit": [
        Case(expect(403, **WRITE_OWN), action_and_year("action_87", 2023), note="action du contributeur"),
        Case(
            expect(403, pact_contributor=404, superuser=404),
            action_and_year("action_87_other", 2023),
            note="action confiée à d'autres",
        ),
        Case(
            expect(403, pact_contributor=404, superuser=404),
            action_and_year("action_79", 2023),
            note="action du 79",
        ),
    ],
    "web:pact_action_reporters": _edit(uuid_of("action_87"), uuid_of("action_79")),
    "web:pact_report_queue": Case(expect(403, direction=200, superuser=200)),
    "web:pact_report_detail": [
        Case(expect(403, **SUBMITTED), uuid_of("report_87_submitted"), note="transmis, 87"),
        Case(expect(403, **STAFF), uuid_of("report_87_validated"), note="validé, 87"),
        Case(expect(404, **VALIDATED_79), uuid_of("report_79"), note="validé, 79"),
    ],
    "web:pact_report_review": Case(
        expect(403, **REVIEW),
        uuid_of("report_87_submitted"),
        method="post",
        note="sans décision : formulaire",
    ),
    "web:pact_committee_list": _read(slug("pact_87"), slug("pact_79")),
    "web:pact_committee_create": _edit(slug("pact_87"), slug("pact_79")),
    "web:pact_committee_detail": _read(uuid_of("committee_87"), uuid_of("committee_79")),
    "web:pact_committee_edit": _edit(uuid_of("committee_87"), uuid_of("committee_79")),
    "web:pact_committee_decision_create": _edit(uuid_of("committee_87"), uuid_of("committee_79")),
    "web:pact_committee_task_create": _edit(uuid_of("committee_87"), uuid_of("committee_79")),
    "web:pact_task_done": [
        Case(expect(404, **DONE_87), uuid_of("task_87"), method="post", note="suite du contributeur, 87"),
        Case(expect(404, superuser=REDIRECT), uuid_of("task_79"), method="post", note="suite du 79"),
    ],
    "web:pact_concertation_create": _edit(slug("pact_87"), slug("pact_79")),
    "web:pact_concertation_edit": Case(expect(403, **EDIT), slug_and_pk("pact_87", "concertation_87")),
    "api:pact-indicators": [
        Case(expect(404, anonymous=401, **STAFF), slug("pact_87"), note="pacte du 87"),
        Case(expect(404, anonymous=401, **PACT_79), slug("pact_79"), note="pacte du 79"),
    ],
    "api:action-report-list": Case(expect(200, anonymous=401)),
}
