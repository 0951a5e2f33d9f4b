import pytest

from tests.permissions import matrix_employment
from tests.permissions.world import build_world, client_for


@pytest.fixture
def world(db):
    return build_world([matrix_employment.build])


@pytest.fixture
def relations_client(world):
    return client_for(world, "employer_relations")


@pytest.fixture
def referent_client(world):
    return client_for(world, "referent")
