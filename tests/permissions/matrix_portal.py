"""Matrix rows for the beneficiary's space: its sign-in pages are open (a signed-in user is sent on),
its pages are the beneficiary's own (anyone else is sent to their home or to the sign-in)."""

from tests.permissions.loader import REDIRECT, Case, everyone, expect, uuid_of


def bad_token(world):
    return {"token": "jeton-inconnu"}


bad_token.label = "token=inconnu"


def unknown_uuid(world):
    return {"uuid": "00000000-0000-4000-8000-000000000000"}


unknown_uuid.label = "uuid=inconnu"


def data_format(fmt):
    def kwargs(world):
        return {"fmt": fmt}

    kwargs.label = f"fmt={fmt}"
    return kwargs


SIGNED_IN_ELSEWHERE = everyone(REDIRECT, anonymous=200)
# The beneficiary's own pages: anyone else is sent to their home, the anonymous to the sign-in.
OWN_PAGE = expect(REDIRECT, beneficiary=200, anonymous=REDIRECT)
# An object the beneficiary does not have (another person's, or none) answers 404.
NOT_THEIRS = expect(REDIRECT, beneficiary=404, anonymous=REDIRECT)

CASES = {
    "portal:home": Case(OWN_PAGE),
    "portal:appointments": Case(OWN_PAGE),
    "portal:appointment_reply": [
        Case(NOT_THEIRS, unknown_uuid),
        Case(NOT_THEIRS, unknown_uuid, method="post"),
    ],
    "portal:plan": Case(OWN_PAGE),
    "portal:propose": [Case(OWN_PAGE), Case(OWN_PAGE, method="post", note="formulaire vide")],
    "portal:plan_comment": [
        Case(everyone(405), note="GET"),
        Case(expect(REDIRECT, beneficiary=400, anonymous=REDIRECT), method="post", note="commentaire vide"),
    ],
    "portal:plan_agree": [
        Case(everyone(405), note="GET"),
        Case(everyone(REDIRECT), method="post", note="plan vide : retour au plan avec le message"),
    ],
    "portal:blocker": [Case(OWN_PAGE), Case(OWN_PAGE, method="post", note="message vide")],
    "portal:ratings": Case(OWN_PAGE),
    "portal:rate": Case(NOT_THEIRS, unknown_uuid),
    "portal:offers": Case(OWN_PAGE),
    "portal:jobs": Case(OWN_PAGE),
    "portal:documents": Case(OWN_PAGE),
    "portal:orientation_letter": Case(NOT_THEIRS, unknown_uuid),
    "portal:contract_pdf": Case(NOT_THEIRS, unknown_uuid),
    "portal:my_data": Case(OWN_PAGE),
    "portal:my_data_download": [Case(OWN_PAGE, data_format("json")), Case(OWN_PAGE, data_format("pdf"))],
    "portal:sign_in": [
        Case(SIGNED_IN_ELSEWHERE),
        Case(SIGNED_IN_ELSEWHERE, method="post", note="formulaire vide"),
    ],
    "portal:sign_in_code": Case(everyone(REDIRECT), note="sans code demandé"),
    "portal:sign_in_link": [
        Case(everyone(200), bad_token, note="GET : un bouton, le lien n'est pas consommé"),
        Case(everyone(400), bad_token, method="post", note="lien inconnu"),
    ],
    "portal:no_record": Case(everyone(200)),
    "web:person_space_seen": [
        Case(expect(405), uuid_of("person_north"), note="GET"),
        Case(
            expect(
                403,
                direction=REDIRECT,
                orientation_agent=REDIRECT,
                referent=404,
                partner=404,
                superuser=REDIRECT,
            ),
            uuid_of("person_north"),
            method="post",
            note="messages de l'espace lus, personne du secteur de l'agent d'orientation",
        ),
    ],
    "web:person_space_open": [
        Case(expect(405), uuid_of("person_north"), note="GET"),
        Case(
            expect(
                403,
                direction=REDIRECT,
                orientation_agent=REDIRECT,
                referent=404,
                partner=404,
                superuser=REDIRECT,
            ),
            uuid_of("person_north"),
            method="post",
            note="ouvrir l'espace, personne du secteur de l'agent d'orientation",
        ),
    ],
}
