import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db.models import EmailField

from pacte.audit.chain import append, verify
from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Dossier, Person
from pacte.core.privacy import Rule, personal_models, pseudonym
from pacte.core.purge import months_before, purge, retention_cutoff
from pacte.pathways.services.orientation import refuse_orientation
from pacte.pathways.services.referents import end_referent_assignment
from tests.factories import DossierFactory, PersonFactory
from tests.pathways.factories import OrientationFactory, ReferentAssignmentFactory

TODAY = datetime.date(2026, 6, 15)


def seen(months_ago):
    return PersonFactory(dossier=DossierFactory(last_seen_on=months_before(TODAY, months_ago)))


@pytest.fixture
def people():
    return {"old": seen(25), "recent": seen(3)}


@pytest.mark.django_db
def test_a_person_last_seen_25_months_ago_is_anonymised(people):
    old = people["old"]
    names = (old.first_name, old.last_name, old.birth_name)
    numdemrsa = old.dossier.numdemrsa
    report = purge(dry_run=False, today=TODAY)
    assert report.counts["beneficiaries.Person"] == 1
    assert report.counts["beneficiaries.Dossier"] == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
    for value in (old.first_name, old.last_name, old.birth_name):
        assert value.startswith("anonyme-")
        assert value not in names
    assert old.nir_encrypted == ""
    assert old.nir_hash == ""
    assert old.user_id is None
    assert old.birth_date == datetime.date(1985, 6, 15)  # kept for statistics
    dossier = Dossier.objects.get(pk=old.dossier_id)
    assert dossier.anonymised_at is not None
    assert dossier.numdemrsa != numdemrsa
    assert len(dossier.numdemrsa) <= 11
    assert dossier.total_amount is None
    assert AuditEntry.objects.filter(action="privacy.anonymise").count() == 2


@pytest.mark.django_db
def test_a_person_seen_3_months_ago_is_untouched(people):
    recent = people["recent"]
    before = Person.objects.filter(pk=recent.pk).values().get()
    purge(dry_run=False, today=TODAY)
    assert Person.objects.filter(pk=recent.pk).values().get() == before


@pytest.mark.django_db
def test_a_dry_run_counts_and_writes_nothing(people):
    before = list(Person.objects.order_by("pk").values())
    report = purge(dry_run=True, today=TODAY)
    assert report.counts["beneficiaries.Person"] == 1
    assert list(Person.objects.order_by("pk").values()) == before
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_a_second_run_changes_nothing(people):
    purge(dry_run=False, today=TODAY)
    after_first = list(Person.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    report = purge(dry_run=False, today=TODAY)
    assert set(report.counts.values()) == {0}
    assert list(Person.objects.order_by("pk").values()) == after_first
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_batches_cover_every_expired_row():
    for _ in range(5):
        seen(30)
    report = purge(dry_run=False, today=TODAY, batch_size=2)
    assert report.counts["beneficiaries.Person"] == 5
    assert not Person.objects.filter(anonymised_at=None).exists()


@pytest.mark.django_db
def test_models_without_a_retention_method_are_reported():
    report = purge(dry_run=True, today=TODAY)
    for label in report.skipped:
        assert label not in report.counts
    assert "organizations.LoginAttempt" in report.skipped


def test_the_cutoff_follows_the_setting(settings):
    settings.PACTE_RETENTION_MONTHS = 24
    assert retention_cutoff(datetime.date(2026, 3, 31)) == datetime.date(2024, 3, 31)
    settings.PACTE_RETENTION_MONTHS = 1
    assert retention_cutoff(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)


def test_pseudonyms_fit_their_fields_and_emails_stay_valid():
    long_value = "x" * 300
    for model in personal_models():
        for name, rule in model.PRIVACY.fields.items():
            if rule != Rule.PSEUDONYMISE:
                continue
            field = model._meta.get_field(name)
            is_email = isinstance(field, EmailField)
            value = pseudonym(long_value, 1, max_length=field.max_length, email=is_email)
            if is_email:
                validate_email(value)
            assert field.max_length is None or len(value) <= field.max_length, (model, name)
    email = pseudonym("camille@example.org", 7, email=True)
    validate_email(email)
    assert email.endswith("@anonyme.invalid")
    assert pseudonym("camille@example.org", 7, email=True) == email
    assert pseudonym("camille@example.org", 8, email=True) != email


@pytest.mark.django_db
def test_the_command_needs_a_mode_and_prints_json(people, capsys):
    with pytest.raises(CommandError):
        call_command("purge")
    call_command("purge", "--dry-run", "--json")
    output = json.loads(capsys.readouterr().out)
    assert output["dry_run"] is True
    assert "beneficiaries.Person" in output["counts"]
    assert Person.objects.filter(anonymised_at=None).count() == 2


@pytest.mark.django_db
def test_the_command_wet_run_anonymises(capsys):
    person = PersonFactory(dossier=DossierFactory(last_seen_on=datetime.date(2000, 1, 31)))
    call_command("purge", "--wet-run")
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert "anonymisé(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_purge_blanks_the_audit_labels_of_anonymised_persons_and_keeps_the_entries(people):
    old, recent = people["old"], people["recent"]
    # Entries written before labels were left out named the person.
    legacy = [
        append(
            AuditEntry(
                action="person.read",
                object_type="beneficiaries.person",
                object_id=str(p.uuid),
                object_label=str(p),
            )
        )
        for p in (old, recent)
    ]
    purge(dry_run=False, today=TODAY)
    old_entry, recent_entry = (AuditEntry.objects.get(pk=entry.pk) for entry in legacy)
    assert old_entry.object_label == ""
    assert recent_entry.object_label == str(recent)
    assert AuditEntry.objects.filter(object_id=str(old.uuid)).count() == 1
    assert verify().intact
    anonymise = AuditEntry.objects.get(action="privacy.anonymise", data__model="beneficiaries.Person")
    assert anonymise.data["audit_labels_blanked"] == 1


@pytest.mark.django_db
def test_the_free_text_the_purge_erases_never_reached_the_audit_log(people):
    """The entries are kept and hashed, so what the purge erases from a row must not be in them."""
    old = people["old"]
    orientation = OrientationFactory(person=old, proposed=True)
    refuse_orientation(actor=None, orientation=orientation, reason="Hospitalisée à Limoges")
    assignment = ReferentAssignmentFactory(person=old)
    end_referent_assignment(
        actor=None, assignment=assignment, end_date=datetime.date(2025, 5, 2), reason="Partie chez sa sœur"
    )
    entries = AuditEntry.objects.filter(object_id__in=[str(orientation.uuid), str(assignment.uuid)])
    assert entries.count() == 2
    purge(dry_run=False, today=TODAY)
    orientation.refresh_from_db()
    assignment.refresh_from_db()
    assert (orientation.refusal_reason, assignment.end_reason) == ("", "")
    assert entries.count() == 2
    logged = json.dumps([entry.data for entry in AuditEntry.objects.all()], ensure_ascii=False)
    assert "Hospitalisée" not in logged
    assert "sœur" not in logged


@pytest.mark.django_db
def test_the_purge_also_removes_the_expired_files_of_personal_data(tmp_path, settings):
    """The batch letters' PDFs older than their keeping time go with the purge (daily), not only
    when someone prints again; a dry run counts them and removes nothing."""
    import os
    import time

    from pacte.web.pathways.orientation import batch_tasks

    settings.MEDIA_ROOT = tmp_path
    old, recent = (tmp_path / batch_tasks.FOLDER / name for name in ("old", "recent"))
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "courriers.pdf").write_bytes(b"%PDF-1.7")
    past = time.time() - (batch_tasks.KEEP_DAYS + 1) * 86400
    os.utime(old, (past, past))

    assert purge(dry_run=True).files == {"courriers et convocations imprimés par lot": 1}
    assert old.exists()
    report = purge(dry_run=False)
    assert report.files == {"courriers et convocations imprimés par lot": 1}
    assert report.as_dict()["files"] == {"courriers et convocations imprimés par lot": 1}
    assert not old.exists() and recent.exists()
