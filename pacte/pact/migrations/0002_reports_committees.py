# The yearly action reports, the steering committees with their decisions and follow-up tasks, and
# who reports on an action.
import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pact", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="action",
            name="reporters",
            field=models.ManyToManyField(
                blank=True,
                related_name="reported_actions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="rédacteur·rices du bilan",
            ),
        ),
        migrations.CreateModel(
            name="CommitteeDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="rang")),
                ("text", models.TextField(verbose_name="décision")),
                (
                    "action",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="committee_decisions",
                        to="pact.action",
                    ),
                ),
            ],
            options={
                "verbose_name": "décision de comité",
                "ordering": ["committee_id", "position", "id"],
            },
        ),
        migrations.CreateModel(
            name="SteeringCommittee",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("held_on", models.DateField(verbose_name="date")),
                ("title", models.CharField(max_length=250, verbose_name="intitulé")),
                ("agenda", models.TextField(blank=True, verbose_name="ordre du jour")),
                ("minutes", models.TextField(blank=True, verbose_name="compte rendu")),
                ("other_attendees", models.TextField(blank=True, verbose_name="autres participant·es")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "attendee_organizations",
                    models.ManyToManyField(
                        blank=True,
                        related_name="attended_committees",
                        to="organizations.organization",
                        verbose_name="structures présentes",
                    ),
                ),
                (
                    "attendee_users",
                    models.ManyToManyField(
                        blank=True,
                        related_name="attended_committees",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="participant·es",
                    ),
                ),
                (
                    "pact",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="committees", to="pact.pact"
                    ),
                ),
            ],
            options={
                "verbose_name": "comité de pilotage",
                "verbose_name_plural": "comités de pilotage",
                "ordering": ["pact_id", "-held_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="FollowUpTask",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("title", models.CharField(max_length=300, verbose_name="suite à donner")),
                ("due_on", models.DateField(blank=True, null=True, verbose_name="échéance")),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="faite le")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "decision",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="tasks",
                        to="pact.committeedecision",
                    ),
                ),
                (
                    "done_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="committee_tasks",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "committee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tasks",
                        to="pact.steeringcommittee",
                    ),
                ),
            ],
            options={
                "verbose_name": "suite de comité",
                "verbose_name_plural": "suites de comité",
                "ordering": ["committee_id", "due_on", "id"],
            },
        ),
        migrations.AddField(
            model_name="committeedecision",
            name="committee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="decisions",
                to="pact.steeringcommittee",
            ),
        ),
        migrations.CreateModel(
            name="ActionReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("uuid", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("year", models.PositiveSmallIntegerField(verbose_name="année")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Brouillon"),
                            ("submitted", "Transmis à la direction"),
                            ("validated", "Validé"),
                            ("returned", "Renvoyé pour compléments"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="état",
                    ),
                ),
                (
                    "progress_percent",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="avancement (%)"),
                ),
                (
                    "progress_status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("not_started", "Non commencée"),
                            ("on_track", "En cours, dans les temps"),
                            ("late", "En retard"),
                            ("done", "Réalisée"),
                            ("abandoned", "Abandonnée"),
                        ],
                        max_length=12,
                        verbose_name="état d'avancement",
                    ),
                ),
                ("values", models.TextField(blank=True, verbose_name="réalisations chiffrées")),
                ("advances", models.TextField(blank=True, verbose_name="avancées")),
                ("difficulties", models.TextField(blank=True, verbose_name="difficultés")),
                ("next_steps", models.TextField(blank=True, verbose_name="prochaines étapes")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="transmis le")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="relu le")),
                ("review_comment", models.TextField(blank=True, verbose_name="commentaire de la direction")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="reports", to="pact.action"
                    ),
                ),
                (
                    "author_organization",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
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
                    "reviewed_by",
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
                "verbose_name": "bilan d'action",
                "verbose_name_plural": "bilans d'action",
                "ordering": ["action_id", "-year", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("action", "year"), name="action_report_one_a_year"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("progress_percent", None), ("progress_percent__lte", 100), _connector="OR"
                        ),
                        name="action_report_percent_range",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status", "returned"), _negated=True),
                            models.Q(("review_comment", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="action_report_returned_with_comment",
                    ),
                ],
            },
        ),
    ]
