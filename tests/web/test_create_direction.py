"""`pacte create-direction`: the first direction account of a département, through the services."""

import pytest
from django.core.management import CommandError, call_command

from pacte.audit.models import AuditEntry
from pacte.organizations.enums import Role
from pacte.organizations.models import Membership, Organization, User
from tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db


def create(capsys, *args):
    call_command("create-direction", *args)
    return capsys.readouterr()


def test_the_account_its_council_and_two_links(capsys):
    DepartementFactory(code="87", name="Haute-Vienne")
    out = create(
        capsys, "Direction@Departement87.fr", "--departement", "87", "--base-url", "https://pacte.example/"
    )
    user = User.objects.get(email="direction@departement87.fr")
    assert not user.has_usable_password()
    council = Organization.objects.get(departement_id="87")
    assert council.name == "Conseil départemental — Haute-Vienne"
    assert Membership.objects.filter(
        user=user, organization=council, role=Role.DIRECTION, is_active=True
    ).exists()
    setup, enrol = out.out.split()
    assert setup.startswith("https://pacte.example/compte/activation/")
    assert enrol.startswith("https://pacte.example/double-authentification/")
    assert "Compte créé" in out.err
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"organization.create", "user.invite", "membership.grant", "user.otp_invite"} <= actions


def test_run_again_it_reuses_the_account_and_the_council(capsys):
    DepartementFactory(code="87")
    create(capsys, "direction@departement87.fr", "--departement", "87")
    out = create(capsys, "direction@departement87.fr", "--departement", "87")
    assert "Compte existant" in out.err
    assert User.objects.count() == Organization.objects.count() == Membership.objects.count() == 1


def test_a_departement_not_loaded_is_one_french_line():
    with pytest.raises(CommandError, match="Le département 23 n'est pas chargé : lancez d'abord"):
        call_command("create-direction", "a@b.fr", "--departement", "23")
    assert not User.objects.exists()
