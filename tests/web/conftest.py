import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _reset_login_throttle():
    # The login throttle counts failures in the cache: start every test from zero.
    cache.clear()
    yield
    cache.clear()
