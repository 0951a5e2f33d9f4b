from django.db import migrations

from pacte.audit import triggers


def install(apps, schema_editor):
    """Nothing now: the triggers name the chain's columns, so 0004_chain installs them once those
    exist (databases migrated before it got the first version here, which 0004 replaces)."""


def uninstall(apps, schema_editor):
    triggers.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(install, uninstall)]
