"""Each demo role logs in through the real login form (and the TOTP page when the role needs it) and
sees its home page, in a real browser."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.demo.structures import DEMO_PASSWORD, add_beneficiary_account, build_accounts, build_structures
from pacte.organizations.enums import Role
from pacte.organizations.models import User
from pacte.territory.models import Commune, Departement
from tests.factories import DossierFactory, PersonFactory, TerritoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADINGS = {
    Role.DIRECTION: "Tableau de bord de la direction de l'insertion",
    Role.ORIENTATION_AGENT: "Orientation des personnes soumises aux droits et devoirs",
    Role.REFERENT: "Mon portefeuille de référent·e unique",
    Role.PARTNER: "Espace de la structure partenaire",
    Role.EMPLOYER_RELATIONS: "Relations entreprises",
    Role.PACT_CONTRIBUTOR: "Contribuer au pacte territorial d'insertion",
    Role.ANALYST: "Statistiques de l'insertion",
    Role.BENEFICIARY: "Bonjour Élodie",  # the demo account opens the person's own space
}


def demo_accounts():
    """The Haute-Vienne demo accounts, built by the demo's own functions on a minimal territory."""
    departement = Departement.objects.create(code="87", name="Haute-Vienne")
    Commune.objects.create(insee_code="87085", name="Limoges", departement=departement, postcodes=["87000"])
    TerritoryFactory(departement=departement, code="limoges", name="Limoges")
    structures = build_structures("87")
    accounts = {account["role"]: account for account in build_accounts("87", structures)}
    person = PersonFactory(dossier=DossierFactory(departement_code="87"))
    accounts[Role.BENEFICIARY.value] = add_beneficiary_account("87", structures, person)
    return accounts


def current_code(email):
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(page, base_url, account):
    page.goto(f"{base_url}/connexion/")
    page.get_by_label("Adresse électronique").fill(account["email"])
    page.get_by_label("Mot de passe").fill(account["password"])
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize("role", list(Role))
def test_each_demo_role_logs_in_and_sees_its_home_page(page, live_server, role):
    accounts = demo_accounts()
    account = accounts[role.value]
    assert account["password"] == DEMO_PASSWORD
    log_in(page, live_server.url, account)
    if "totp_secret" in account:
        page.wait_for_url("**/double-authentification/**")
        page.get_by_label("Code à 6 chiffres").fill(current_code(account["email"]))
        page.get_by_role("button", name="Valider").click()
    heading = page.get_by_role("heading", level=1)
    heading.wait_for()
    assert heading.inner_text() == HEADINGS[role]
    assert page.locator("html").get_attribute("lang") == "fr"
    assert User.objects.get(email=account["email"]).last_login is not None


def test_a_wrong_password_stays_on_the_login_page_in_french(page, live_server):
    account = demo_accounts()[Role.PARTNER.value]
    log_in(page, live_server.url, {**account, "password": "pas-le-bon"})
    assert page.get_by_role("alert").inner_text() == "Adresse électronique ou mot de passe incorrect."
    assert page.get_by_label("Adresse électronique").input_value() == account["email"]


def test_the_skip_link_is_the_first_focusable_element_and_is_visible_on_focus(page, live_server):
    page.goto(f"{live_server.url}/connexion/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Aller au contenu"
    box = page.evaluate("document.activeElement.getBoundingClientRect().left")
    assert box >= 0
