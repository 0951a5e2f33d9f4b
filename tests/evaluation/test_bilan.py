"""The annual review: its content (key figures, progress from the validated reports only, the
indicators against their targets, difficulties, committee decisions, the survival analysis), the
PDF opened with pypdf and the ODT opened with odfpy and zipfile (headings, figures, charts), the
audit entry, and `pacte report bilan` with its French errors and exit status 2."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from odf import opendocument, teletype
from odf.draw import Frame, Image
from odf.table import Table
from odf.text import H
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError
from pacte.evaluation.bilan import content, documents
from pacte.evaluation.bilan.blocks import Chart
from pacte.organizations.enums import OrientationBodyKind
from pacte.pact.enums import ValueSource
from pacte.pact.models import ActionReport, CommitteeDecision, FollowUpTask, IndicatorValue, SteeringCommittee
from pacte.pathways.enums import OrientationOrigin, OrientationStatus, Track
from pacte.pathways.models import Orientation
from tests.evaluation.cohort import kept
from tests.factories import (
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    RightHistoryFactory,
)
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pact.factories import (
    ActionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PactFactory,
    ThematicFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 6, 30)


def _oriented(demand, decided_on, exit_on=None):
    person = PersonFactory(dossier=DossierFactory(departement_code="87", dtdemrsa=demand))
    RightHistoryFactory(person=person, dtref=demand, right_state="2", is_sdd=True)
    if exit_on:
        RightHistoryFactory(person=person, dtref=exit_on, right_state="6", is_sdd=False)
    kept(
        Orientation,
        departement_code="87",
        person=person,
        track=Track.PROFESSIONAL,
        body_kind=OrientationBodyKind.DEPARTEMENT,
        status=OrientationStatus.VALIDATED,
        origin=OrientationOrigin.MANUAL,
        decision_date=decided_on,
    )


@pytest.fixture
def pact():
    pact = PactFactory(
        departement=DepartementFactory(code="87", name="Haute-Vienne"),
        slug="pacte-87",
        title="Pacte territorial d'insertion de la Haute-Vienne",
        start_year=2022,
        end_year=2025,
        announced_actions=44,
    )
    thematic = ThematicFactory(pact=pact, title="Mieux orienter les personnes", position=1)
    objective = ObjectiveFactory(thematic=thematic, title="Raccourcir les délais d'orientation")
    platform = ActionFactory(objective=objective, title="Plateforme d'orientation", pilot_name="Département")
    mobility = ActionFactory(objective=objective, title="Garage solidaire", position=2)
    ActionReport.objects.create(
        action=platform,
        year=2024,
        status="validated",
        progress_percent=60,
        progress_status="on_track",
        values="312 personnes reçues en diagnostic",
        advances="Deux sites ouverts à Limoges et Saint-Junien",
        difficulties="Recrutement des conseillers plus long que prévu",
        next_steps="Ouvrir le site de Bellac",
    )
    ActionReport.objects.create(
        action=mobility, year=2024, status="submitted", progress_percent=10, difficulties="Texte non relu"
    )
    ActionReport.objects.create(action=platform, year=2023, status="validated", progress_percent=20)
    indicator = IndicatorFactory(
        pact=pact,
        code="delai",
        name="Délai médian d'orientation",
        unit="jours",
        targets={"2023": 60, "2024": 45},
    )
    IndicatorValue.objects.create(
        indicator=indicator, year=2023, value=71, dated=D(2024, 1, 10), source=ValueSource.ENTERED
    )
    IndicatorValue.objects.create(
        indicator=indicator, year=2024, value=52, dated=D(2025, 1, 10), source=ValueSource.COMPUTED
    )
    committee = SteeringCommittee.objects.create(
        pact=pact, held_on=D(2024, 7, 1), title="Comité de pilotage annuel"
    )
    decision = CommitteeDecision.objects.create(
        committee=committee, text="Étendre la plateforme au sud du département", action=platform
    )
    FollowUpTask.objects.create(
        committee=committee, decision=decision, title="Chiffrer l'extension", due_on=D(2024, 10, 1)
    )
    SteeringCommittee.objects.create(pact=pact, held_on=D(2023, 7, 1), title="Comité de l'an passé")
    offer = OfferFactory(
        organization=OrganizationFactory(departement=pact.departement), departement_code="87"
    )
    for status in ("accepted", "refused", "started"):
        PrescriptionFactory(offer=offer, sent_on=D(2024, 5, 2), status=status)
    _oriented(D(2024, 1, 10), D(2024, 1, 30), exit_on=D(2024, 9, 30))
    _oriented(D(2024, 2, 1), D(2024, 2, 20))
    _oriented(D(2024, 1, 5), D(2024, 5, 20), exit_on=D(2024, 11, 30))
    return pact


def test_the_content_says_each_section_with_its_figures(pact):
    document = content.build(pact, 2024, today=TODAY)
    text = document.text()
    for heading in (
        "1. Chiffres clés de l'année 2024",
        "2. Avancement par thématique et par action",
        "3. Indicateurs du pacte et cibles",
        "4. Difficultés rencontrées",
        "5. Décisions des comités de pilotage",
        "6. Délai d'orientation et durée dans les droits et devoirs",
    ):
        assert heading in text
    assert "Personnes orientées pour la première fois dans l'année 3" in text
    assert (
        "Délai médian entre la demande de RSA et la première orientation (jours) 20 jours sur 3 personnes"
        in text
    )
    assert "Premières orientations décidées dans les 6 semaines de la demande 66,7\u00a0% 2 sur 3" in text
    assert "Recrutements de personnes accompagnées 0" in text
    assert "Prescriptions envoyées vers l'offre d'insertion 3" in text
    assert "Taux d'acceptation des prescriptions 66,7\u00a0% 2 sur 3" in text
    assert (
        "2 action(s) saisie(s) dans Pacte sur les 44 annoncées par le pacte ; 1 bilan(s) 2024 validé(s)"
        in text
    )
    assert "Plateforme d'orientation Département 60\u00a0% · En cours, dans les temps Validé" in text
    assert "Garage solidaire — — Transmis à la direction" in text
    assert "Réalisations chiffrées 312 personnes reçues en diagnostic" in text
    assert "Plateforme d'orientation Recrutement des conseillers plus long que prévu" in text
    assert "Délai médian d'orientation jours — 45 52 Calcul" in text
    assert "2023 : valeur 71, cible 60 ; 2024 : valeur 52, cible 45" in text
    assert "Comité de pilotage annuel du 01/07/2024" in text
    assert "Étendre la plateforme au sud du département Plateforme d'orientation" in text
    assert "Chiffrer l'extension 01/10/2024 à faire" in text
    assert "0 à 30 jours 2 1 1" in text and "plus de 90 jours 1 1 0" in text


def test_reports_not_validated_are_counted_but_never_quoted(pact):
    text = content.build(pact, 2024, today=TODAY).text()
    assert "Texte non relu" not in text and "10\u00a0%" not in text
    assert "Comité de l'an passé" not in text


def test_the_charts_are_the_progress_the_indicators_and_the_survival_curves(pact):
    charts = [block for block in content.build(pact, 2024, today=TODAY).blocks if isinstance(block, Chart)]
    assert [chart.description.split(" :")[0].split(",")[0] for chart in charts] == [
        "Avancement moyen des actions",
        "Délai médian d'orientation",
        "Courbes de maintien dans les droits et devoirs par délai d'orientation ; durées médianes",
    ]
    assert "Mieux orienter les personnes : 60\u00a0%" in charts[0].description


def test_an_empty_pact_still_gives_every_section(pact):
    empty = PactFactory(departement=pact.departement, slug="vide", start_year=2024, end_year=2026)
    text = content.build(empty, 2024, today=TODAY).text()
    assert "Le pacte n'a pas encore d'indicateur." in text
    assert "Aucune difficulté signalée dans les bilans 2024 validés." in text
    assert "Aucun comité de pilotage enregistré en 2024." in text


def test_a_year_outside_the_pact_is_refused(pact):
    with pytest.raises(DomainError, match=re.escape("période du pacte (2022 à 2025)")):
        content.build(pact, 2026, today=D(2027, 1, 2))


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_has_the_headings_in_its_outline_the_figures_and_the_charts(pact):
    data = documents.produce(actor=None, pact=pact, year=2024, fmt="pdf", today=TODAY)
    reader, text = _pdf_text(data)
    assert reader.metadata.title == "Bilan annuel 2024 — Pacte territorial d'insertion de la Haute-Vienne"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["1. Chiffres clés de l'année 2024", "2. Avancement par thématique et par action"]
    assert "6. Délai d'orientation et durée dans les droits et devoirs" in outline
    assert "Recrutement des conseillers plus long que prévu" in text
    assert "66,7" in text and "Étendre la plateforme au sud du département" in text
    # The charts are drawn as vectors: their legends and axes are text of the page.
    assert "Avancement moyen des actions par thématique (2024)" in text
    assert "Délai médian d'orientation (jours)" in text and "Cible" in text
    assert "Part des personnes encore dans les droits et devoirs" in text and "plus de 90 jours" in text
    assert "page 1" in text
    entry = AuditEntry.objects.get(action="pact.bilan")
    assert (
        entry.data == {"year": 2024, "format": "pdf", "bytes": len(data)} and entry.departement_code == "87"
    )


def test_the_odt_is_editable_text_with_headings_tables_and_svg_charts(pact):
    data = documents.produce(actor=None, pact=pact, year=2024, fmt="odt", today=TODAY)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    pictures = sorted(name for name in archive.namelist() if name.startswith("Pictures/"))
    assert pictures == ["Pictures/graphique-1.svg", "Pictures/graphique-2.svg", "Pictures/graphique-3.svg"]
    assert b"<svg" in archive.read(pictures[0]) and b"image/svg+xml" in archive.read("META-INF/manifest.xml")
    document = opendocument.load(io.BytesIO(data))
    headings = [
        (h.getAttribute("outlinelevel"), teletype.extractText(h)) for h in document.getElementsByType(H)
    ]
    assert ("1", "1. Chiffres clés de l'année 2024") in headings
    assert ("2", "Mieux orienter les personnes") in headings
    assert ("3", "Plateforme d'orientation") in headings
    tables = document.getElementsByType(Table)
    assert len(tables) >= 5
    text = teletype.extractText(document.text)
    assert "Recrutement des conseillers plus long que prévu" in text and "66,7" in text
    frames = document.getElementsByType(Frame)
    assert len(frames) == 3 and len(document.getElementsByType(Image)) == 3
    assert "Mieux orienter les personnes : 60" in teletype.extractText(frames[0])


def test_format_of_reads_the_extension():
    assert documents.format_of("bilan.PDF") == "pdf" and documents.format_of("/tmp/b.odt") == "odt"
    with pytest.raises(DomainError, match=re.escape("Extension « .docx » inconnue")):
        documents.format_of("bilan.docx")
    with pytest.raises(DomainError, match="extension .pdf ou .odt"):
        documents.format_of("bilan")


def test_the_command_writes_the_file(pact, tmp_path):
    target = tmp_path / "bilan.odt"
    err = io.StringIO()
    call_command("report", "bilan", "--pact", "pacte-87", "--year", "2024", "-o", str(target), stderr=err)
    assert zipfile.ZipFile(target).read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert "Bilan 2024 du pacte pacte-87 écrit dans" in err.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pact", "pacte-87", "--year", "2024", "-o", "bilan.docx"], "Extension « .docx » inconnue"),
        (["--pact", "nulle-part", "--year", "2024", "-o", "bilan.pdf"], "Pacte inconnu : « nulle-part »"),
        (["--pact", "pacte-87", "--year", "2019", "-o", "bilan.pdf"], "période du pacte (2022 à 2025)"),
    ],
)
def test_the_command_refuses_bad_input_with_status_2_and_writes_nothing(pact, tmp_path, arguments, message):
    arguments[-1] = str(tmp_path / arguments[-1])
    with pytest.raises(CommandError, match=re.escape(message)) as raised:
        call_command("report", "bilan", *arguments)
    assert raised.value.returncode == 2
    assert not list(tmp_path.iterdir()) and not AuditEntry.objects.filter(action="pact.bilan").exists()


def _grow(pact, count):
    objective = ObjectiveFactory(thematic=ThematicFactory(pact=pact))
    for _ in range(count):
        action = ActionFactory(objective=objective)
        ActionReport.objects.create(action=action, year=2024, status="validated", progress_percent=50)
        IndicatorFactory(pact=pact, action=action, targets={"2024": 10})
        committee = SteeringCommittee.objects.create(pact=pact, held_on=D(2024, 3, 1), title="Comité")
        CommitteeDecision.objects.create(committee=committee, text="Décision", action=action)
        FollowUpTask.objects.create(committee=committee, title="Suite")


def test_the_content_s_queries_do_not_grow_with_actions_indicators_and_committees(pact):
    _grow(pact, 4)
    with CaptureQueriesContext(connection) as few:
        content.build(pact, 2024, today=TODAY)
    _grow(pact, 45)
    with CaptureQueriesContext(connection) as many:
        document = content.build(pact, 2024, today=TODAY)
    assert "51 action(s) saisie(s)" in document.text()
    assert len(few) == len(many)
