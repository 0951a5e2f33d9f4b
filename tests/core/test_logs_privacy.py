"""The logs hold no personal data: a representative run (the demo loaded with its CAF imports, a CAF
file rejected from the web, each demo account logged in and going through its pages, searches on a
name and the API) with every logger at DEBUG, then no NIR of the demo, no NIR-like token and no name
of a demo person in any record, as the JSON formatter writes it or as plain text with its traceback."""

import gzip
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.beneficiaries.models import CafImport, ImportStatus, Person
from pacte.core.logging import JsonFormatter
from pacte.demo import loader, people
from pacte.organizations.models import User

pytestmark = [pytest.mark.slow, pytest.mark.django_db(databases=["default", "volatile"])]

# A NIR: sex, year, month (01-12 or 20-99), département (2 digits, 2A, 2B), commune, order, key.
NIR_LIKE = re.compile(r"(?<![\w])[12]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2[AB])\d{6}(?:\d{2})?(?![\w])")
PAGES = [
    "web:home",
    "web:person_list",
    "web:orientation_queue",
    "web:orientation_late",
    "web:orientation_proposals",
    "web:orientation_reorientations",
    "web:orientation_sessions",
    "web:followup_caseload",
    "web:followup_caseloads",
    "web:followup_late",
    "web:caf_journal",
    "web:spreadsheet_list",
    "web:territory_list",
    "web:organization_list",
    "web:staff_list",
    "web:api_token_list",
]


def current_code(user):
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    # A code is taken once: a second login within the same 30 seconds may use it again.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def log_in(client, account):
    client.post(reverse("web:login"), {"email": account["email"], "password": account["password"]})
    user = User.objects.get(email=account["email"])
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        client.post(reverse("web:otp_verify"), {"token": current_code(user)})
    # Every home page answers; the beneficiary's sends them to their own space.
    assert client.get(reverse("web:home"), follow=True).status_code == 200, account["role"]


def visit_as(client, account, persons):
    """Each page of the menu, the persons' pages and API records, searches on a name and a NIR; the
    status codes of the person pages."""
    client.post(reverse("web:login"), {"email": account["email"], "password": "pas le bon mot de passe"})
    log_in(client, account)
    for name in PAGES:
        client.get(reverse(name))
    statuses = []
    for person in persons:
        client.get(reverse("web:person_list"), {"q": person.last_name})
        client.get(reverse("web:person_list"), {"q": person.nir})
        statuses.append(client.get(reverse("web:person_detail", kwargs={"uuid": person.uuid})).status_code)
        client.get(f"/api/v1/persons/{person.uuid}/")
        client.get(f"/api/v1/persons/{person.uuid}/timeline/")
    client.get("/api/v1/persons/", {"search": persons[0].last_name})
    client.get("/personnes/00000000-0000-0000-0000-000000000000/")
    client.post(reverse("web:logout"))
    return statuses


def rejected_upload(client, accounts, person):
    """A CAF file cut in the middle of a person's record, sent from the web by a direction."""
    log_in(client, next(account for account in accounts if account["role"] == "direction"))
    path = people.demo_files("87", 10)[0][0]
    content = gzip.decompress(path.read_bytes()).decode("iso-8859-1")
    cut = content.index(person.first_name) + len(person.first_name)
    upload = SimpleUploadedFile("RSABEM_87_cut.xml", content[:cut].encode("iso-8859-1"), "text/xml")
    client.post(reverse("web:caf_upload"), {"file": upload, "departement": "87"})
    client.post(reverse("web:logout"))


def leaks(records, nirs, names):
    """(logger, level, what was found, the line) of each record that shows a NIR or a name, as the
    JSON formatter writes it or as plain text with its traceback."""
    name_pattern = re.compile(
        r"\b(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b"
    )
    found = []
    for record in records:
        for text in (
            JsonFormatter().format(record),
            logging.Formatter("%(name)s %(message)s").format(record),
        ):
            shown = [nir for nir in nirs if nir in text] + NIR_LIKE.findall(text) + name_pattern.findall(text)
            if shown:
                found.append((record.name, record.levelname, shown[:3], text[:300]))
    return found


def canary(message, *args):
    return logging.LogRecord("pacte.canary", logging.DEBUG, __file__, 1, message, args, None)


def test_a_representative_run_logs_no_nir_and_no_name(client, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "django_tasks", "django_tasks_db", "pacte"):
        caplog.set_level(logging.DEBUG, logger=name)
    accounts = loader.load_demo(households=10, log=lambda *args: None)
    persons = list(Person.objects.filter(departement_code="87").exclude(nir_hash="").order_by("id")[:3])
    assert persons
    rejected_upload(client, accounts, persons[0])
    assert CafImport.objects.filter(status=ImportStatus.REJECTED).count() == 1
    seen = [visit_as(client, account, persons) for account in accounts]
    assert 200 in sum(seen, [])  # some accounts did see the persons

    everyone = list(Person.objects.all())
    nirs = {person.nir for person in everyone if person.nir}
    names = {
        value
        for person in everyone
        for value in (person.last_name, person.birth_name, person.first_name)
        if len(value) >= 3
    }
    assert nirs and names
    assert len(caplog.records) > 100  # the run did log, at DEBUG
    assert not leaks(caplog.records, nirs, names), leaks(caplog.records, nirs, names)[:10]
    # The search would have found them.
    nir, person = sorted(nirs)[0], everyone[0]
    assert leaks([canary("Dossier %s", nir)], nirs, names)
    assert leaks([canary("Recherche « %s »", person.last_name)], nirs, names)
    assert leaks([canary("NIR 2%s", "850275123456")], set(), {"Personne"})
