import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deployment_check_without_warning(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "k7#Qz9!vR2@pL5$wX8^mN3&bT6*yH1(jC4)fG0_dS7+aE9=uI2-oK5",
        "PACTE_NIR_KEY": "nB4#tY8!kW1@qE6$zR3^hU9&mJ2*vC5(pL7)xS0_gD4+fA8=",
        "ALLOWED_HOSTS": "pacte.departement.example",
        "PACTE_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "pacte.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
