import pytest

from tests.audit.flush import lift_audit_triggers_during_flush


def pytest_configure(config):
    lift_audit_triggers_during_flush()


def pytest_collection_modifyitems(items):
    """Every database test may use the volatile database too (task progress, the cache), as the
    code it runs does: a `django_db` marker without `databases` gets `databases="__all__"`."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_db = {"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
        if marker is None and not uses_db:
            continue
        kwargs = dict(marker.kwargs) if marker else {}
        if "databases" not in kwargs:
            kwargs["databases"] = "__all__"
            item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _close_connections_before_teardown(django_db_setup, django_db_blocker):
    """On PostgreSQL the volatile alias reaches the test database through a second connection,
    which Django's teardown does not close: close every connection before the database is dropped."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        connections.close_all()
