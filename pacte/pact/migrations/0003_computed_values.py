# Filled in by the module that owns these models (see its brief); empty until then.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("pact", "0002_reports_committees")]

    operations = []
