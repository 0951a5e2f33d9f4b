import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _reset_throttles():
    # DRF throttles count requests in the cache: start every test from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    return APIClient()
