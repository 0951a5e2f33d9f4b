import pytest


@pytest.fixture(autouse=True)
def sms_dir(settings, tmp_path):
    """SMS are written to files in the test's own directory."""
    settings.PACTE_SMS_BACKEND = "file"
    settings.PACTE_SMS_FILE_PATH = tmp_path / "sms"
    return tmp_path / "sms"
