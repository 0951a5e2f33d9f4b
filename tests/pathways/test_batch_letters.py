"""Letters in batch: one PDF of N letters, each the single letter and on its own pages, with a
progress per letter; each issue recorded and audited in a fixed number of queries; the convocation
letter says when, where, what to bring and whom to warn."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from pacte.audit import chain
from pacte.audit.models import AuditEntry
from pacte.audit.services import log_many
from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress
from pacte.pathways import batch_letters
from pacte.pathways.enums import AppointmentKind
from pacte.pathways.models import Orientation
from pacte.pathways.pdf import convocation_letter, orientation_letter
from tests.factories import DossierFactory, PersonFactory, UserFactory
from tests.pathways.factories import AppointmentFactory, MaisonDepartementFactory, OrientationFactory
from tests.pathways.test_documents import normalised, pdf_text

pytestmark = pytest.mark.django_db


class Recorder(NullProgress):
    def __init__(self):
        self.total, self.advances, self.finished = None, 0, False

    def start(self, total, label="", unit=" éléments"):
        self.total = total

    def advance(self, step=1):
        self.advances += step

    def finish(self):
        self.finished = True


def pages(data):
    return [normalised(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def decided(count, **kwargs):
    return [
        OrientationFactory(person=PersonFactory(last_name=f"Martin{index:03d}"), **kwargs)
        for index in range(count)
    ]


def test_one_pdf_of_the_letters_each_starting_on_its_own_page():
    orientations = decided(3)
    progress = Recorder()
    document, printed = batch_letters.orientation_letters(
        actor=UserFactory(),
        orientations=batch_letters.decided_orientations([o.pk for o in orientations]),
        progress=progress,
    )
    texts = pages(document)
    single = pages(orientation_letter(orientations[0]))
    assert len(texts) == 3 * len(single)
    for index, orientation in enumerate(printed):
        first = texts[index * len(single)]
        assert first.startswith("Conseil départemental")
        assert orientation.person.last_name in first and "Objet : décision d'orientation" in first
    assert [o.person.last_name for o in printed] == ["Martin000", "Martin001", "Martin002"]
    assert (progress.total, progress.advances, progress.finished) == (3, 3, True)


def test_printing_dates_the_letters_once_and_audits_each_in_a_fixed_number_of_queries():
    earlier = datetime.date(2025, 5, 2)

    def run(count):
        orientations = decided(count)
        Orientation.objects.filter(pk=orientations[0].pk).update(notified_on=earlier)
        rows = list(batch_letters.decided_orientations([o.pk for o in orientations]))
        with CaptureQueriesContext(connection) as captured:
            batch_letters.orientation_letters(actor=UserFactory(), orientations=rows)
        return orientations, len(captured)

    few, few_queries = run(2)
    many, many_queries = run(12)
    # Each letter reads its sender, the département's name and its signatory; the issue and its
    # audit are a fixed number of queries for the whole batch.
    assert many_queries - few_queries <= 3 * (12 - 2)
    notified = dict(Orientation.objects.filter(pk__in=[o.pk for o in many]).values_list("pk", "notified_on"))
    assert notified[many[0].pk] == earlier
    assert {notified[o.pk] for o in many[1:]} == {timezone.localdate()}
    assert AuditEntry.objects.filter(action="orientation.letter").count() == 14
    assert chain.verify().intact


def test_an_empty_batch_or_an_undecided_orientation_prints_nothing():
    with pytest.raises(DomainError, match="sélection est vide"):
        batch_letters.orientation_letters(actor=UserFactory(), orientations=[])
    proposal = OrientationFactory(proposed=True)
    with pytest.raises(DomainError, match="orientation décidée"):
        batch_letters.orientation_letters(actor=UserFactory(), orientations=[proposal])
    assert not AuditEntry.objects.filter(action="orientation.letter").exists()


def convocation(**kwargs):
    organization = MaisonDepartementFactory(
        name="Maison du département de Bellac",
        address="2 rue Lamartine, 87300 Bellac",
        phone="05 55 60 00 00",
        email="mdd-bellac@haute-vienne.fr",
    )
    person = PersonFactory(
        first_name="Élodie",
        last_name="Lefèvre",
        civility="MME",
        dossier=DossierFactory(address_line="4 rue des Lilas", postcode="87300", city_name="Bellac"),
    )
    starts_at = timezone.make_aware(datetime.datetime(2026, 12, 14, 9, 30))
    defaults = {
        "person": person,
        "organization": organization,
        "kind": AppointmentKind.CONVOCATION,
        "starts_at": starts_at,
        "place": "Maison du département de Bellac, salle 2",
        "purpose": "premier entretien d'orientation",
    }
    return AppointmentFactory(**{**defaults, **kwargs})


def test_a_convocation_letter_says_when_where_what_to_bring_and_whom_to_warn():
    appointment = convocation()
    text = normalised(pdf_text(convocation_letter(appointment)))
    for part in (
        "Maison du département de Bellac",
        "Madame Élodie Lefèvre",
        "4 rue des Lilas",
        "87300 Bellac",
        "Objet : convocation – convocation",
        "Madame,",
        "Vous êtes convoquée à un rendez-vous le 14 décembre 2026 à 9h30",
        "Objet : premier entretien d'orientation.",
        "Lieu : Maison du département de Bellac, salle 2",
        "une pièce d'identité",
        "au 05 55 60 00 00 ou par courriel à mdd-bellac@haute-vienne.fr",
        "Veuillez agréer, Madame",
    ):
        assert part in text, part


def test_convocations_in_batch_are_audited_each():
    appointments = [convocation(), convocation(person=PersonFactory(last_name="Bernard"))]
    progress = Recorder()
    document, printed = batch_letters.convocation_letters(
        actor=UserFactory(),
        appointments=batch_letters.scheduled_appointments([a.pk for a in appointments]),
        progress=progress,
    )
    texts = pages(document)
    # The same hour: by name, one convocation per page.
    assert len(texts) == 2 and "Bernard" in texts[0] and "Lefèvre" in texts[1]
    assert [a.person.last_name for a in printed] == ["Bernard", "Lefèvre"]
    assert progress.advances == 2
    assert AuditEntry.objects.filter(action="appointment.convocation_letter").count() == 2


def test_log_many_appends_to_the_chain_in_three_queries():
    user = UserFactory()
    orientations = decided(5)
    with CaptureQueriesContext(connection) as captured:
        entries = log_many(
            actor=user, action="orientation.letter", items=[(o, {"on": "2025-05-02"}) for o in orientations]
        )
    assert len(captured) <= 5  # the savepoint, then the head locked, the entries inserted, the head moved
    assert [entry.object_id for entry in entries] == [str(o.uuid) for o in orientations]
    assert chain.verify().intact and chain.verify().count == AuditEntry.objects.count()


def test_the_command_prints_the_letters_of_a_day_as_one_pdf(tmp_path, capsys):
    day = datetime.date(2025, 5, 2)
    letters = decided(3, decision_date=day)
    OrientationFactory(decision_date=day + datetime.timedelta(days=1))
    output = tmp_path / "courriers.pdf"
    call_command(
        "print-letters",
        "orientation",
        "--departement",
        "87",
        "--day",
        day.isoformat(),
        "-o",
        str(output),
        "--json",
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "kind": "orientation",
        "departement": "87",
        "day": "2025-05-02",
        "letters": 3,
        "file": str(output),
    }
    texts = pages(output.read_bytes())
    assert all(any(o.person.last_name in text for text in texts) for o in letters)
    assert AuditEntry.objects.filter(action="orientation.letter", actor=None).count() == 3
    with pytest.raises(CommandError, match="Aucun courrier à imprimer"):
        call_command(
            "print-letters", "convocation", "--departement", "87", "--day", "2025-05-03", "-o", str(output)
        )
    with pytest.raises(CommandError, match="Département inconnu"):
        call_command(
            "print-letters", "orientation", "--departement", "99", "--day", "2025-05-03", "-o", str(output)
        )
