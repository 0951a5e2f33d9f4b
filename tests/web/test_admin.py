import pytest
from django.contrib import admin
from django.urls import reverse

from pacte.core.models import BackgroundTask
from pacte.organizations.models import LoginAttempt, Membership, Organization, User
from pacte.referentials.models import Barrier, ExitReason, RomeAppellation, RomeCode
from pacte.territory.models import Commune, Departement, Epci, Site, Territory
from tests.factories import CommuneFactory, MembershipFactory, TerritoryFactory, UserFactory
from tests.permissions.world import verify_second_factor

ADMINISTERED = [
    Departement, Epci, Territory, Commune, Site, RomeCode, RomeAppellation, Barrier, ExitReason,
    Organization, User, Membership, LoginAttempt, BackgroundTask,
]  # fmt: skip


def test_every_model_of_the_foundation_is_in_the_admin():
    assert [model for model in ADMINISTERED if not admin.site.is_registered(model)] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", ADMINISTERED, ids=lambda m: m._meta.label)
def test_the_admin_lists_and_searches(client, model):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    verify_second_factor(client, superuser)
    MembershipFactory(organization__territory=TerritoryFactory())
    CommuneFactory()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "a"}).status_code == 200
