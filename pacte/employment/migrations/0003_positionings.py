# Positionings of people on job offers and insertion positions (H2, issue 12).

import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0008_sdd_entry_evidence"),
        ("employment", "0002_job_offer_import"),
        ("pathways", "0003_employment_project"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Positioning",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                (
                    "departement_code",
                    models.CharField(db_index=True, max_length=3, verbose_name="département"),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposé"),
                            ("interview", "Entretien"),
                            ("hired", "Recruté"),
                            ("not_retained", "Non retenu"),
                        ],
                        default="proposed",
                        max_length=15,
                        verbose_name="statut",
                    ),
                ),
                (
                    "programme",
                    models.CharField(
                        choices=[
                            ("common_law", "Emploi de droit commun"),
                            ("iae", "Insertion par l'activité économique (SIAE)"),
                            ("pec", "Parcours emploi compétences (PEC)"),
                            ("alternance", "Alternance (apprentissage, professionnalisation)"),
                            ("social_clause", "Clause sociale d'insertion"),
                            ("job_dating", "Recrutement collectif (job dating, forum)"),
                        ],
                        max_length=15,
                        verbose_name="dispositif",
                    ),
                ),
                ("proposed_on", models.DateField(verbose_name="proposé le")),
                ("interview_on", models.DateField(blank=True, null=True, verbose_name="entretien le")),
                ("hired_on", models.DateField(blank=True, null=True, verbose_name="embauche le")),
                (
                    "contract_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("cdi", "CDI"),
                            ("cdd", "CDD"),
                            ("interim", "Intérim (mission)"),
                            ("cddi", "CDDI (contrat à durée déterminée d'insertion)"),
                            ("secondment", "Mise à disposition (AI, ETTI)"),
                            ("apprenticeship", "Contrat d'apprentissage"),
                            ("professionalisation", "Contrat de professionnalisation"),
                            ("seasonal", "Emploi saisonnier"),
                            ("pec", "Parcours emploi compétences (PEC)"),
                        ],
                        max_length=20,
                        verbose_name="type de contrat",
                    ),
                ),
                (
                    "contract_months",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(60),
                        ],
                        verbose_name="durée du contrat (mois)",
                    ),
                ),
                ("not_retained_on", models.DateField(blank=True, null=True, verbose_name="non retenu le")),
                (
                    "not_retained_reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("employer_choice", "Candidature non retenue par l'employeur"),
                            ("person_declined", "La personne a renoncé"),
                            ("no_show", "Absence à l'entretien"),
                            ("profile_mismatch", "Profil ne correspondant pas au poste"),
                            ("constraints", "Contraintes incompatibles (horaires, mobilité, garde)"),
                            ("offer_filled", "Poste pourvu par un autre candidat"),
                            ("offer_closed", "Offre close sans recrutement"),
                            ("other", "Autre motif"),
                        ],
                        max_length=20,
                        verbose_name="motif",
                    ),
                ),
                ("note", models.TextField(blank=True, verbose_name="observations")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "insertion_position",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="positionings",
                        to="employment.insertionposition",
                        verbose_name="poste d'insertion",
                    ),
                ),
                (
                    "job_offer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="positionings",
                        to="employment.joboffer",
                        verbose_name="offre d'emploi",
                    ),
                ),
                (
                    "pathway_exit",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="positioning",
                        to="pathways.pathwayexit",
                        verbose_name="sortie de parcours",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="positionings",
                        to="beneficiaries.person",
                        verbose_name="personne",
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "positionnement",
                "verbose_name_plural": "positionnements",
                "ordering": ["-proposed_on", "-id"],
                "indexes": [
                    models.Index(fields=["departement_code", "status"], name="positioning_dept_status")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("insertion_position", None), ("job_offer__isnull", False)),
                            models.Q(("insertion_position__isnull", False), ("job_offer", None)),
                            _connector="OR",
                        ),
                        name="positioning_offer_xor_position",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "hired"), _negated=True),
                            models.Q(
                                ("hired_on__isnull", False), models.Q(("contract_type", ""), _negated=True)
                            ),
                            _connector="OR",
                        ),
                        name="positioning_hire_has_contract",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "not_retained"), _negated=True),
                            models.Q(
                                ("not_retained_on__isnull", False),
                                models.Q(("not_retained_reason", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="positioning_not_retained_has_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("contract_months", None),
                            models.Q(("contract_months__gte", 1), ("contract_months__lte", 60)),
                            _connector="OR",
                        ),
                        name="positioning_contract_months_range",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(
                            ("job_offer__isnull", False), models.Q(("status", "not_retained"), _negated=True)
                        ),
                        fields=("person", "job_offer"),
                        name="positioning_once_per_offer",
                        violation_error_message="Cette personne est déjà positionnée sur cette offre.",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(
                            ("insertion_position__isnull", False), ("status__in", ["proposed", "interview"])
                        ),
                        fields=("person", "insertion_position"),
                        name="positioning_once_per_position",
                        violation_error_message="Cette personne est déjà positionnée sur ce poste.",
                    ),
                ],
            },
        ),
    ]
