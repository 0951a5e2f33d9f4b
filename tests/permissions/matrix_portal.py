"""Matrix rows for the beneficiary's space: its sign-in pages are open (a signed-in user is sent on),
its pages are the beneficiary's own (anyone else is sent to their home or to the sign-in)."""

from tests.permissions.loader import REDIRECT, Case, everyone, expect


def bad_token(world):
    return {"token": "jeton-inconnu"}


bad_token.label = "token=inconnu"

SIGNED_IN_ELSEWHERE = everyone(REDIRECT, anonymous=200)

CASES = {
    "portal:home": Case(expect(REDIRECT, beneficiary=200, anonymous=REDIRECT)),
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
}
