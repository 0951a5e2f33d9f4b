"""The three seed pacts load word for word, a second load changes nothing, a broken file writes
nothing, and `pacte load-pact` answers in French with exit status 2."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pacte.audit.models import AuditEntry
from pacte.pact.enums import PactStatus, ValueSource
from pacte.pact.loader import SEED_FILES, load_pact, load_seed_pacts, seed_path
from pacte.pact.models import Action, IndicatorValue, Objective, Pact, Thematic
from tests.factories import DepartementFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

HV22_THEMATICS = [
    "Mieux orienter les personnes en s’appuyant sur une meilleure connaissance des publics",
    "Renforcer l’accompagnement individualisé et décloisonner les interventions",
    "Développer et valoriser les compétences des personnes",
    "Développer les relations avec le monde de l’entreprise et les opportunités d’emploi, notamment sur les "
    "métiers en tension",
    "Améliorer la relation aux bénéficiaires et favoriser l’autonomie",
]
HV22_OBJECTIVES = [
    "Raccourcir les délais d'orientation et la mise en parcours",
    "Individualiser l'orientation dès le début du parcours et rééquilibrer les proportions entre orientations "
    "sociales, socioprofessionnelles et professionnelles",
    "Mieux connaître les BRSA",
    "Faciliter l'interconnaissance et la coordination des interventions",
    "Étayer et sécuriser les parcours",
    "Consolider les dispositifs d'accompagnement socioprofessionnel",
    "Approfondir les méthodologies d'accompagnement adapté pour les publics présentant des besoins spécifiques",
    "Renforcer l'évaluation des compétences",
    "Promouvoir les métiers",
    "Intensifier l'accès à la formation et à l'emploi",
    "Valoriser les acquis de l'expérience",
    "Faciliter la mobilité des publics fragiles",
    "Rapprocher l’offre et la demande d’emploi en créant un maillon avec les structures de l’insertion par "
    "l’activité économique (SIAE)",
    "Coordonner et renforcer les initiatives sur le «\xa0recruter autrement\xa0»",
    "Sécuriser les entreprises dans le recrutement de personnes en insertion professionnelle",
    "Soutenir la structuration de filières issues de l'économie circulaire permettant des perspectives "
    "d'emploi pour les personnes en insertion",
    "Améliorer l'information en direction des usagers et la relation aux bénéficiaires",
    "Favoriser la logique de co-construction du parcours",
    "Encourager le déploiement de nouveaux dispositifs autour de la capacité d'agir",
]
HV16_ORIENTATIONS = [
    "Partage de la connaissance",
    "Levée des freins liés à la santé",
    "Levée des freins périphériques à l’emploi",
    "Accompagnement des publics vers et dans l’emploi",
    "Développement de l’emploi et des relations avec le monde économique",
]
HV16_AIMS = [
    "Lever les freins sociaux",
    "Se (re) mobiliser pour se remettre en activité",
    "Renforcer son projet de retour à l’emploi",
    "Accéder à la qualification",
    "Créer son activité",
    "Accéder à l’emploi",
]
DS_OBJECTIVES = [
    "Renforcer l’accompagnement de la personne et de la mise en place de “parcours sans couture” vers l’emploi "
    "et la qualification",
    "Optimiser les ressources mobilisables",
    "Développer des appuis auprès des personnes afin de surmonter les obstacles à l’insertion",
    "Favoriser l’accès à l’emploi",
]
DS_SIGNATORIES = [
    "Conseil départemental", "Etat", "Région", "Pôle emploi", "ARS", "CAF", "MSA", "MEDEF 79", "CPME", "U2P",
    "CAN", "Maison de l’emploi et des entreprises et de la Mission locale de Parthenay et de Gâtine",
    "Mission locale sud Deux-Sèvres", "Maison de l’emploi et de la Mission locale du Bocage bressuirais",
    "Maison de l’emploi et de la formation et de la Mission locale du Pays thouarsais",
    "CBE Niortais et Haut Val de Sèvre", "CBE du Mellois",
]  # fmt: skip


@pytest.fixture
def departements():
    return DepartementFactory(code="87", name="Haute-Vienne"), DepartementFactory(
        code="79", name="Deux-Sèvres"
    )


def titles(queryset):
    return list(queryset.order_by("position", "id").values_list("title", flat=True))


def test_haute_vienne_2022_2025_word_for_word(departements):
    load_pact(seed_path("haute-vienne-2022-2025.json"))
    pact = Pact.objects.get(slug="haute-vienne-2022-2025")
    assert (pact.departement_id, pact.start_year, pact.end_year, pact.status) == ("87", 2022, 2025, "adopted")
    assert titles(pact.thematics.all()) == HV22_THEMATICS
    objectives = Objective.objects.filter(thematic__pact=pact).order_by("thematic__position", "position")
    assert list(objectives.values_list("title", flat=True)) == HV22_OBJECTIVES
    assert [t.objectives.count() for t in pact.thematics.order_by("position")] == [3, 4, 5, 4, 3]
    assert len(pact.governance) == 3
    assert pact.governance[0].startswith("Les référents thématiques")
    assert pact.governance[1].startswith("Des comités de pilotage")
    assert (
        pact.governance[2].startswith("Des bilans") and "présentation à la collectivité" in pact.governance[2]
    )
    assert pact.announced_actions == 44 and "44 actions" in pact.notes
    assises = pact.concertation_events.get()
    assert (assises.title, assises.meetings, assises.attendees_count) == ("Assises de l’insertion", 20, 70)
    assert "bénéficiaires du RSA" in assises.attendees


def test_haute_vienne_2016_2020_says_its_signatories_are_not_named(departements):
    load_pact(seed_path("haute-vienne-2016-2020.json"))
    pact = Pact.objects.get(slug="haute-vienne-2016-2020")
    assert pact.thematic_label == "Orientation"
    assert titles(pact.thematics.all()) == HV16_ORIENTATIONS
    assert pact.offer_aims == HV16_AIMS
    assert pact.announced_signatories == 21 and pact.signatories.count() == 0
    assert "ne les nomment pas" in pact.notes


def test_deux_sevres_2022_2027_objectives_signatories_spie_and_2021_results(departements):
    OrganizationFactory(name="MEDEF 79", departement=departements[1])
    load_pact(seed_path("deux-sevres-2022-2027.json"))
    pact = Pact.objects.get(slug="deux-sevres-2022-2027")
    assert pact.adopted_on == datetime.date(2022, 4, 11)
    objectives = Objective.objects.filter(thematic__pact=pact).order_by("position")
    assert list(objectives.values_list("title", flat=True)) == DS_OBJECTIVES
    assert "portail insertion" in objectives[1].description
    assert list(pact.signatories.order_by("position").values_list("name", flat=True)) == DS_SIGNATORIES
    assert pact.signatories.get(name="MEDEF 79").organization.name == "MEDEF 79"
    spie = Action.objects.get(objective__thematic__pact=pact)
    assert "mellois" in spie.title and spie.start_date == datetime.date(2022, 7, 1)
    values = {
        v.indicator.code: (v.year, v.value, v.is_approximate, v.source)
        for v in IndicatorValue.objects.filter(indicator__pact=pact).select_related("indicator")
    }
    assert values == {
        "contrats-jeune-majeur": (2021, Decimal("212"), False, ValueSource.SEED),
        "contrats-jeune-majeur-premieres-demandes": (2021, Decimal("114"), False, ValueSource.SEED),
        "prevention-specialisee-niort": (2021, Decimal("150"), True, ValueSource.SEED),
        "recrutements-action-emploi-entreprise-79": (2021, Decimal("123"), False, ValueSource.SEED),
    }


def test_loading_again_changes_nothing_and_keeps_what_the_direction_added(departements):
    first = load_seed_pacts()
    assert all(report.created for report in first)
    thematic = Thematic.objects.get(pact__slug="haute-vienne-2022-2025", position=1)
    Action.objects.create(objective=thematic.objectives.first(), title="Plateforme d'orientation")
    entries = AuditEntry.objects.count()
    again = load_seed_pacts()
    assert [(r.created, r.updated) for r in again] == [(0, 0)] * 3
    assert AuditEntry.objects.count() == entries
    assert Action.objects.filter(title="Plateforme d'orientation").exists()


def test_the_file_status_moves_through_the_table_and_never_back(departements):
    pact = load_pact(seed_path("haute-vienne-2016-2020.json"))
    pact = Pact.objects.get(slug=pact.slug)
    assert pact.status == PactStatus.ADOPTED
    assert AuditEntry.objects.filter(action="pact.adopt").count() == 1
    pact.status, pact.closed_on = PactStatus.CLOSED, datetime.date(2021, 1, 1)
    pact.save()
    load_pact(seed_path("haute-vienne-2016-2020.json"))
    assert Pact.objects.get(pk=pact.pk).status == PactStatus.CLOSED


def _write(tmp_path, data):
    path = tmp_path / "pacte.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_broken_file_writes_nothing_and_names_the_place(departements, tmp_path):
    data = json.loads(seed_path("haute-vienne-2022-2025.json").read_text(encoding="utf-8"))
    data["thematics"][3]["objectives"][1]["title"] = ""
    with pytest.raises(CommandError) as error:
        call_command("load-pact", str(_write(tmp_path, data)))
    assert "thematics[3].objectives[1] : « title » est obligatoire" in str(error.value)
    assert error.value.returncode == 2
    assert not Pact.objects.exists() and not Thematic.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("pas du json", "JSON invalide ligne 1"),
        ('{"format": 2}', "version 2 inconnue"),
        ('{"format": 1, "departement": "99"}', "département 99 inconnu"),
    ],
)
def test_french_one_line_errors(departements, tmp_path, content, message):
    path = tmp_path / "pacte.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load-pact", str(path))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("load-pact", str(tmp_path / "absent.json"))
    assert error.value.returncode == 2 and "absent.json" in str(error.value)


def test_json_output_and_dry_run(departements, capsys):
    paths = [str(seed_path(name)) for name in SEED_FILES]
    call_command("load-pact", *paths, "--json", "--dry-run")
    reports = json.loads(capsys.readouterr().out)
    assert [r["slug"] for r in reports] == [
        "haute-vienne-2022-2025",
        "haute-vienne-2016-2020",
        "deux-sevres-2022-2027",
    ]
    assert not Pact.objects.exists()
    call_command("load-pact", paths[0], "--json")
    assert json.loads(capsys.readouterr().out)["created"] > 20
    assert Pact.objects.count() == 1


def test_the_demo_loads_the_three_pacts_and_closes_the_2016_one(departements):
    from pacte.pact.loader import load_demo_pacts

    load_demo_pacts(log=lambda line: None)
    load_demo_pacts(log=lambda line: None)
    statuses = dict(Pact.objects.values_list("slug", "status"))
    assert statuses == {
        "haute-vienne-2022-2025": "adopted",
        "haute-vienne-2016-2020": "closed",
        "deux-sevres-2022-2027": "adopted",
    }
    assert Pact.objects.get(slug="haute-vienne-2016-2020").closed_on == datetime.date(2020, 12, 31)
    assert AuditEntry.objects.filter(action="pact.close").count() == 1
