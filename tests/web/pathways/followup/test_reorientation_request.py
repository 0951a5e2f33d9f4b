"""The référent's reorientation request starts from nothing chosen, and never asks for the current orientation."""

import re

import pytest
from django.urls import reverse

from pacte.core.errors import DomainError
from pacte.pathways.models import ReorientationRequest
from pacte.pathways.services import request_reorientation

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("web:followup_reorientation", kwargs={"uuid": person.uuid})


def test_the_form_does_not_preselect_the_current_orientation(world, referent_client):
    page = referent_client.get(url(world.objects["fu_person"])).content.decode()
    for name, empty in (("proposed_track", "Choisir un parcours"), ("proposed_body_kind", "Choisir un type")):
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        first = re.search(r"<option[^>]*>[^<]*</option>", select).group(0)
        assert first.startswith('<option value="" selected>' + empty), name
        assert select.count("selected") == 1, name
    assert "Professionnelle (orientation actuelle)" in page
    assert "Services du département (orientation actuelle)" in page


def test_asking_for_the_current_orientation_is_refused_on_its_field(world, referent_client):
    person = world.objects["fu_person"]
    data = {"reason": "Santé", "proposed_track": "professionnelle", "proposed_body_kind": "departement"}
    page = referent_client.post(url(person), data).content.decode()
    assert "Parcours proposé : La réorientation demandée est l&#x27;orientation actuelle" in page
    assert not ReorientationRequest.objects.filter(person=person).exists()
    with pytest.raises(DomainError) as caught:
        request_reorientation(actor=world.users["referent"], person=person, **data)
    assert caught.value.field == "proposed_track"
