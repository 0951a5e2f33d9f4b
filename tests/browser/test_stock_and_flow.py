"""The stock and the flow in a real browser: the direction imports the département's first monthly
file, then the next one; the people already subject in the first file go to the stock worklist, the
people entering afterwards to the orientation queue, each with the date of their entry and what
dates it."""

import pytest

from pacte.beneficiaries.enums import SddCohort
from pacte.beneficiaries.models import Person
from tests.beneficiaries.caf_files import monthly_series
from tests.browser.test_imports import deferred_tasks, log_in_as_direction, run_next  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, live_server, path, pending):
    page.goto(f"{live_server.url}/imports/caf/")
    page.get_by_label("Fichier CAF ou MSA").set_input_files(str(path))
    page.get_by_role("button", name="Importer le fichier").click()
    page.wait_for_url("**/imports/caf/taches/**")
    run_next(pending)
    page.get_by_role("heading", name="Import terminé").wait_for()


def test_a_first_file_is_the_stock_and_the_next_one_brings_entrants(
    page,
    live_server,
    tmp_path,
    deferred_tasks,  # noqa: F811
):
    files = monthly_series(tmp_path, households=150, months=3)
    first, later = files[0][0], files[-1][0]
    log_in_as_direction(page, live_server)
    world_people = list(Person.objects.values_list("pk", flat=True))
    page.goto(f"{live_server.url}/orientation/")
    already = int(page.get_by_role("status").inner_text().split()[0])  # the world's own entrants

    upload(page, live_server, first, deferred_tasks)
    stock = Person.objects.stock().count()
    assert stock and not Person.objects.entrants().exclude(pk__in=world_people).exists()
    page.goto(f"{live_server.url}/orientation/")
    assert page.get_by_role("status").inner_text() == f"{already} personnes à orienter."
    page.get_by_role("navigation", name="Orientation").get_by_role("link", name="Stock à orienter").click()
    assert page.get_by_role("status").inner_text() == f"{stock} personnes du stock sans orientation."
    someone = Person.objects.stock().order_by("sdd_since", "sort_key").first()
    row = page.get_by_role("row").filter(has_text=f"{someone.last_name} {someone.first_name}").first
    assert someone.sdd_since.strftime("%d/%m/%Y") in row.inner_text()
    assert "date de demande du RSA (DTDEMRSA)" in row.inner_text()

    upload(page, live_server, later, deferred_tasks)
    entrants = list(Person.objects.entrants().exclude(pk__in=world_people).order_by("sdd_since", "sort_key"))
    assert entrants
    page.goto(f"{live_server.url}/orientation/")
    count = len(entrants) + already
    assert (
        page.get_by_role("status").inner_text() == f"{count} personne{'s' if count > 1 else ''} à orienter."
    )
    newest = entrants[0]
    assert newest.sdd_cohort == SddCohort.ENTRANT
    row = page.get_by_role("row").filter(has_text=f"{newest.last_name} {newest.first_name}").first
    assert newest.sdd_since.strftime("%d/%m/%Y") in row.inner_text()
    assert newest.get_sdd_since_evidence_display() in row.inner_text()
    # The person's page says which evidence dates the entry.
    row.get_by_role("link").first.click()
    situation = page.locator("#situation").locator("xpath=..").inner_text()
    assert f"{newest.sdd_since:%d/%m/%Y} (source : {newest.get_sdd_since_evidence_display()})" in situation
    assert "entrant (délai légal de six semaines)" in situation
    # The home page counts the same people.
    page.goto(f"{live_server.url}/")
    assert f"Entrants à orienter\n{count}" in page.locator(".stats").inner_text()
