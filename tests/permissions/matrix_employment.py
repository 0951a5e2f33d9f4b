"""Matrix rows for the employment pages and API: an employer and a SIAE of the 87 (with an offer
and an interaction), an employer of the 79 with an offer. Employers are the direction's and the
employer-relations officers'; job offers are also read by référents and orientation agents of
their département; every other role answers 403, an out-of-scope object 404."""

from pacte.employment.models import JobOfferImport
from pacte.organizations.enums import OrganizationKind
from tests.employment.factories import (
    EmployerContactFactory,
    EmployerProfileFactory,
    InteractionFactory,
    JobOfferFactory,
)
from tests.factories import CommuneFactory, OrganizationFactory
from tests.permissions.loader import DIRECTION_87_REFERENT_79, REDIRECT, Case, expect, uuid_of

RELATIONS = {"direction": 200, "employer_relations": 200, "superuser": 200}
READERS = {**RELATIONS, "orientation_agent": 200, "referent": 200}
OUT_OF_SCOPE = {"direction": 404, "employer_relations": 404, "superuser": 200}


def build(world):
    def employer(name, departement, kind=OrganizationKind.EMPLOYER):
        organization = OrganizationFactory(name=name, kind=kind, departement=departement)
        return EmployerProfileFactory(organization=organization)

    employer_87 = employer("Bâti Limousin", world.objects["departement_87"])
    employer_79 = employer("Menuiserie du Marais", world.objects["departement_79"])
    commune_79 = CommuneFactory(insee_code="79191", departement=world.objects["departement_79"])
    world.objects.update(
        {
            "employer_87": employer_87,
            "siae_87": employer(
                "Chantier d'insertion du Val", world.objects["departement_87"], OrganizationKind.SIAE_ACI
            ),
            "employer_79": employer_79,
            "job_offer_87": JobOfferFactory(employer=employer_87),
            "job_offer_79": JobOfferFactory(employer=employer_79, commune=commune_79),
            # No follow-up planned: the matrix's POSTs change nothing.
            "interaction_87": InteractionFactory(employer=employer_87),
            "interaction_79": InteractionFactory(employer=employer_79),
            "contact_87": EmployerContactFactory(employer=employer_87),
            "contact_79": EmployerContactFactory(employer=employer_79),
            "job_offer_import_87": JobOfferImport.objects.create(
                departement_code="87", filename="offres-87.csv"
            ),
            "job_offer_import_79": JobOfferImport.objects.create(
                departement_code="79", filename="offres-79.csv"
            ),
        }
    )


def _employer_cases(key="employer_87"):
    return [
        Case(expect(403, **RELATIONS), uuid_of(key), note="employeur du 87"),
        Case(
            expect(403, **OUT_OF_SCOPE, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("employer_79"),
            note="employeur du 79",
        ),
    ]


CASES = {
    "web:employment_employer_list": Case(expect(403, **RELATIONS)),
    "web:employment_employer_create": Case(expect(403, **RELATIONS)),
    "web:employment_employer_detail": _employer_cases(),
    "web:employment_employer_edit": _employer_cases(),
    "web:employment_contact_add": _employer_cases(),
    "web:employment_interaction_add": _employer_cases(),
    "web:employment_position_add": _employer_cases("siae_87"),
    "web:employment_job_offer_create": _employer_cases(),
    "web:employment_follow_up_done": [
        Case(
            expect(403, direction=REDIRECT, employer_relations=REDIRECT, superuser=REDIRECT),
            uuid_of("interaction_87"),
            method="post",
            note="échange sans relance prévue",
        ),
        Case(
            expect(403, **OUT_OF_SCOPE | {"superuser": REDIRECT}, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("interaction_79"),
            method="post",
            note="échange avec un employeur du 79",
        ),
    ],
    "web:employment_contact_left": [
        Case(
            expect(403, direction=REDIRECT, employer_relations=REDIRECT, superuser=REDIRECT),
            uuid_of("contact_87"),
            method="post",
            note="contact d'un employeur du 87",
        ),
        Case(
            expect(403, **OUT_OF_SCOPE | {"superuser": REDIRECT}, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("contact_79"),
            method="post",
            note="contact d'un employeur du 79",
        ),
    ],
    "web:employment_follow_ups": Case(expect(403, **RELATIONS)),
    "web:employment_job_offer_list": Case(expect(403, **READERS)),
    "web:employment_job_offer_detail": [
        Case(expect(403, **READERS), uuid_of("job_offer_87"), note="offre du 87"),
        Case(
            expect(
                403, **OUT_OF_SCOPE, orientation_agent=404, referent=404, **{DIRECTION_87_REFERENT_79: 200}
            ),
            uuid_of("job_offer_79"),
            note="offre du 79, lue par le référent du 79",
        ),
    ],
    "web:employment_job_offer_edit": [
        Case(expect(403, **RELATIONS), uuid_of("job_offer_87"), note="offre du 87"),
        Case(
            expect(403, **OUT_OF_SCOPE, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("job_offer_79"),
            note="offre du 79",
        ),
    ],
    "web:employment_job_offer_status": [
        Case(
            expect(403, direction=REDIRECT, employer_relations=REDIRECT, superuser=REDIRECT),
            uuid_of("job_offer_87"),
            method="post",
            note="sans statut demandé",
        ),
        Case(
            expect(403, **OUT_OF_SCOPE | {"superuser": REDIRECT}, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("job_offer_79"),
            method="post",
            note="offre du 79",
        ),
    ],
    "web:employment_tension_list": Case(expect(403, **READERS)),
    "web:employment_job_offer_import": Case(expect(403, **RELATIONS)),
    "web:employment_job_offer_import_review": [
        Case(expect(403, **RELATIONS), uuid_of("job_offer_import_87"), note="import du 87"),
        Case(
            expect(403, **OUT_OF_SCOPE, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("job_offer_import_79"),
            note="import du 79",
        ),
    ],
    "web:employment_job_offer_import_cancel": [
        Case(
            expect(403, direction=REDIRECT, employer_relations=REDIRECT, superuser=REDIRECT),
            uuid_of("job_offer_import_87"),
            method="post",
            note="import du 87",
        ),
        Case(
            expect(403, **OUT_OF_SCOPE | {"superuser": REDIRECT}, **{DIRECTION_87_REFERENT_79: 404}),
            uuid_of("job_offer_import_79"),
            method="post",
            note="import du 79",
        ),
    ],
    "api:job-offer-list": Case(expect(200, anonymous=401)),
    "api:job-offer-detail": [
        Case(expect(404, anonymous=401, **READERS), uuid_of("job_offer_87", kwarg="id"), note="offre du 87"),
        Case(
            expect(404, anonymous=401, superuser=200, **{DIRECTION_87_REFERENT_79: 200}),
            uuid_of("job_offer_79", kwarg="id"),
            note="offre du 79, lue par le référent du 79",
        ),
    ],
}
