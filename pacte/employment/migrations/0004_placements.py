import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("employment", "0003_positionings"),
        ("beneficiaries", "0008_sdd_entry_evidence"),
        ("organizations", "0004_proconnect_device"),
        ("pathways", "0003_employment_project"),
        ("referentials", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SocialClause",
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
                ("buyer_name", models.CharField(max_length=200, verbose_name="acheteur public")),
                ("title", models.CharField(max_length=250, verbose_name="objet du marché")),
                ("reference", models.CharField(max_length=50, verbose_name="référence du marché")),
                ("starts_on", models.DateField(verbose_name="début d'exécution")),
                ("ends_on", models.DateField(verbose_name="fin d'exécution")),
                (
                    "required_hours",
                    models.PositiveIntegerField(
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="heures d'insertion exigées",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "buyer_organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="acheteur (structure de Pacte)",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "facilitator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="facilitateur ou facilitatrice",
                    ),
                ),
                (
                    "holder",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="social_clauses",
                        to="employment.employerprofile",
                        verbose_name="titulaire du marché",
                    ),
                ),
            ],
            options={
                "verbose_name": "clause sociale",
                "verbose_name_plural": "clauses sociales",
                "ordering": ["-starts_on", "reference", "id"],
            },
        ),
        migrations.CreateModel(
            name="ClauseHours",
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
                ("month", models.DateField(verbose_name="mois")),
                (
                    "hours",
                    models.DecimalField(decimal_places=1, max_digits=6, verbose_name="heures réalisées"),
                ),
                ("recorded_at", models.DateTimeField(auto_now=True)),
                ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "employer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="employment.employerprofile",
                        verbose_name="employeur (titulaire, sous-traitant, SIAE)",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="clause_hours",
                        to="beneficiaries.person",
                        verbose_name="personne",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "clause",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hours",
                        to="employment.socialclause",
                    ),
                ),
            ],
            options={
                "verbose_name": "heures d'insertion",
                "verbose_name_plural": "heures d'insertion",
                "ordering": ["clause", "month", "person", "id"],
            },
        ),
        migrations.CreateModel(
            name="Tutoring",
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
                ("job_title", models.CharField(max_length=200, verbose_name="poste occupé")),
                ("tutor_name", models.CharField(max_length=150, verbose_name="tuteur ou tutrice")),
                ("started_on", models.DateField(verbose_name="début")),
                ("planned_end_on", models.DateField(verbose_name="fin prévue")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="fin")),
                (
                    "outcome",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("job_kept", "Emploi maintenu"),
                            ("contract_ended", "Fin du contrat à son terme"),
                            ("left", "Départ à l'initiative de la personne"),
                            ("ended_by_employer", "Rupture à l'initiative de l'employeur"),
                            ("other", "Autre fin"),
                        ],
                        max_length=20,
                        verbose_name="issue",
                    ),
                ),
                ("outcome_notes", models.TextField(blank=True, verbose_name="commentaire de fin")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="tutorings",
                        to="employment.employerprofile",
                        verbose_name="employeur",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tutorings",
                        to="beneficiaries.person",
                        verbose_name="personne",
                    ),
                ),
                (
                    "tutor_organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="structure du tuteur",
                    ),
                ),
                (
                    "tutor_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="tuteur (compte Pacte)",
                    ),
                ),
            ],
            options={
                "verbose_name": "tutorat",
                "verbose_name_plural": "tutorats",
                "ordering": ["-started_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TutoringMeeting",
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
                ("held_on", models.DateField(verbose_name="date")),
                ("notes", models.TextField(verbose_name="compte rendu")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "tutoring",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="meetings",
                        to="employment.tutoring",
                    ),
                ),
            ],
            options={
                "verbose_name": "point de tutorat",
                "verbose_name_plural": "points de tutorat",
                "ordering": ["-held_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Immersion",
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
                    "tutor_name",
                    models.CharField(max_length=150, verbose_name="tuteur ou tutrice dans la structure"),
                ),
                (
                    "tutor_job_title",
                    models.CharField(blank=True, max_length=150, verbose_name="fonction du tuteur"),
                ),
                ("starts_on", models.DateField(verbose_name="début")),
                ("ends_on", models.DateField(verbose_name="fin")),
                (
                    "weekly_hours",
                    models.DecimalField(
                        decimal_places=1,
                        max_digits=4,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(48),
                        ],
                        verbose_name="heures par semaine",
                    ),
                ),
                (
                    "objective",
                    models.CharField(
                        choices=[
                            ("discover", "Découvrir un métier ou un secteur d'activité"),
                            ("confirm", "Confirmer un projet professionnel"),
                            ("recruit", "Initier une démarche de recrutement"),
                        ],
                        max_length=10,
                        verbose_name="objet de l'immersion",
                    ),
                ),
                ("activities", models.TextField(blank=True, verbose_name="activités confiées")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Convention en préparation"),
                            ("signed", "Convention signée"),
                            ("carried_out", "Immersion réalisée"),
                            ("evaluated", "Immersion évaluée"),
                            ("cancelled", "Immersion annulée"),
                        ],
                        default="draft",
                        max_length=12,
                        verbose_name="statut",
                    ),
                ),
                (
                    "person_signed_on",
                    models.DateField(blank=True, null=True, verbose_name="signée par la personne le"),
                ),
                (
                    "employer_signed_on",
                    models.DateField(
                        blank=True, null=True, verbose_name="signée par la structure d'accueil le"
                    ),
                ),
                (
                    "prescriber_signed_on",
                    models.DateField(blank=True, null=True, verbose_name="signée par le prescripteur le"),
                ),
                (
                    "carried_out_on",
                    models.DateField(blank=True, null=True, verbose_name="réalisation constatée le"),
                ),
                ("skills_observed", models.TextField(blank=True, verbose_name="compétences observées")),
                (
                    "attendance",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("full", "Présence sur toute la période"),
                            ("occasional", "Absences ponctuelles"),
                            ("repeated", "Absences répétées"),
                        ],
                        max_length=10,
                        verbose_name="assiduité",
                    ),
                ),
                (
                    "next_step",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("recruitment", "Recrutement"),
                            ("training", "Entrée en formation"),
                            ("other_immersion", "Autre immersion"),
                            ("job_search", "Poursuite de la recherche d'emploi"),
                            ("project_change", "Réorientation du projet professionnel"),
                            ("other", "Autre suite"),
                        ],
                        max_length=20,
                        verbose_name="suite donnée",
                    ),
                ),
                ("evaluation_notes", models.TextField(blank=True, verbose_name="bilan")),
                ("evaluated_on", models.DateField(blank=True, null=True, verbose_name="évaluée le")),
                (
                    "cancelled_reason",
                    models.CharField(blank=True, max_length=250, verbose_name="motif d'annulation"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("anonymised_at", models.DateTimeField(blank=True, null=True)),
                (
                    "appellation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="referentials.romeappellation",
                        verbose_name="métier observé",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "employer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="immersions",
                        to="employment.employerprofile",
                        verbose_name="structure d'accueil",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="immersions",
                        to="beneficiaries.person",
                        verbose_name="personne",
                    ),
                ),
                (
                    "prescriber",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="prescripteur",
                    ),
                ),
                (
                    "prescriber_organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="structure prescriptrice",
                    ),
                ),
                (
                    "rome",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="referentials.romecode",
                        verbose_name="fiche ROME",
                    ),
                ),
            ],
            options={
                "verbose_name": "immersion (PMSMP)",
                "verbose_name_plural": "immersions (PMSMP)",
                "ordering": ["-starts_on", "-id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                        name="immersion_dates_in_order",
                    )
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="socialclause",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))), name="clause_dates_in_order"
            ),
        ),
        migrations.AddConstraint(
            model_name="socialclause",
            constraint=models.CheckConstraint(
                condition=models.Q(("required_hours__gte", 1)), name="clause_required_hours_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="socialclause",
            constraint=models.UniqueConstraint(
                fields=("departement_code", "buyer_name", "reference"),
                name="clause_unique_reference",
                violation_error_message="Ce marché est déjà enregistré pour cet acheteur.",
            ),
        ),
        migrations.AddConstraint(
            model_name="clausehours",
            constraint=models.UniqueConstraint(
                fields=("clause", "person", "month"), name="clause_hours_one_per_month"
            ),
        ),
        migrations.AddConstraint(
            model_name="clausehours",
            constraint=models.CheckConstraint(
                condition=models.Q(("hours__gt", 0)), name="clause_hours_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="tutoring",
            constraint=models.CheckConstraint(
                condition=models.Q(("planned_end_on__gte", models.F("started_on"))),
                name="tutoring_planned_end_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="tutoring",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ended_on", None), ("ended_on__gte", models.F("started_on")), _connector="OR"
                ),
                name="tutoring_end_after_start",
            ),
        ),
    ]
