from django.db import migrations


def forget_unconfirmed_devices(apps, schema_editor):
    """Before invitations, the second-factor page showed the secret of an unconfirmed device to
    whoever logged in with the password: such secrets may be known to someone else. Enrolment now
    starts from a fresh device."""
    apps.get_model("otp_totp", "TOTPDevice").objects.filter(confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_api_tokens_invitations_login_channel"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forget_unconfirmed_devices, migrations.RunPython.noop)]
