"""The catalogue in the national schema: the command and the download, every item a valid
`Service` of data-inclusion-schema; the published offers only, of the reader's catalogue."""

import json

import pytest
from data_inclusion.schema import v1 as schema
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import DepartementFactory, OrganizationFactory
from tests.offers.factories import OfferFactory
from tests.permissions.world import build_world, client_for

pytestmark = pytest.mark.django_db


def test_the_command_writes_the_published_catalogue_of_a_departement(tmp_path, capsys):
    d87, d79 = DepartementFactory(code="87"), DepartementFactory(code="79")
    published = OfferFactory(organization=OrganizationFactory(departement=d87), name="Garage solidaire")
    OfferFactory(organization=published.organization, status="draft", name="Brouillon")
    OfferFactory(organization=OrganizationFactory(departement=d79), name="Atelier Niort")
    out = tmp_path / "catalogue.json"
    call_command("export-offers", "--departement", "87", "-o", str(out))
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [item["nom"] for item in items] == ["Garage solidaire"]
    assert schema.Service.model_validate(items[0]).id.endswith(str(published.uuid))
    assert "1 offre écrite." in capsys.readouterr().err
    with pytest.raises(CommandError, match="Département inconnu : 99."):
        call_command("export-offers", "--departement", "99")


def test_the_download_is_the_reader_s_published_catalogue_in_the_schema():
    world = build_world()
    mine = OfferFactory(organization=world.objects["association_87"], name="Location de scooters")
    OfferFactory(organization=world.objects["association_87"], status="draft", name="En préparation")
    OfferFactory(organization=world.objects["referent_body_79"], name="Atelier Niort")
    response = client_for(world, "referent").get(reverse("web:offer_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="offre-insertion-')
    items = json.loads(response.content)
    names = [item["nom"] for item in items]
    assert "Location de scooters" in names and "En préparation" not in names and "Atelier Niort" not in names
    for item in items:
        schema.Service.model_validate(item)
    assert str(mine.uuid) in {item["id"].split("--")[-1] for item in items}
    assert client_for(world, "analyst").get(reverse("web:offer_export")).status_code == 403
