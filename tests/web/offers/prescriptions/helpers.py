"""Places, offers and clients of the prescription pages' tests."""

from django.urls import reverse

from tests.permissions.world import verify_second_factor

LIMOGES = ("87085", "Limoges", 45.8336, 1.2611)
COUZEIX = ("87050", "Couzeix", 45.8747, 1.2389)
BELLAC = ("87011", "Bellac", 46.1219, 1.0494)
MOBILITY = "mobilite--etre-accompagne-dans-son-parcours-mobilite"
DIGITAL = "numerique--acceder-a-du-materiel"
NIR = "2850687085123"  # the factories' NIR


def url(name, **kwargs):
    return reverse(f"web:{name}", kwargs=kwargs)


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def login(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client
