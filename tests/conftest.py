import pytest

from tests.audit.flush import lift_audit_triggers_during_flush


def pytest_configure(config):
    lift_audit_triggers_during_flush()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
