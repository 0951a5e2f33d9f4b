# Filled in by the module that owns these models (see its brief); empty until then.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("employment", "0003_positionings")]

    operations = []
