"""The year's activity logs, moved here from the impact app (see impact/0006).

Only the migration state changes here: the tables were renamed there. The content
types follow, so permissions given on them stay where they were.
"""

import uuid

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("activitylog", "networkintroduction"):
        if not ContentType.objects.filter(app_label="matching", model=model).exists():
            ContentType.objects.filter(app_label="impact", model=model).update(
                app_label="matching"
            )


def back_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(
        app_label="matching", model__in=["activitylog", "networkintroduction"]
    ).update(app_label="impact")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("groups", "0003_confidentiality"),
        ("impact", "0006_year_moves_to_matching"),
        ("matching", "0004_checkins_evaluations"),
        ("samenhier", "0004_access_log"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ActivityLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("date", models.DateField(verbose_name="datum")),
                        ("hours", models.DecimalField(decimal_places=2, max_digits=4, validators=[django.core.validators.MinValueValidator(0.25), django.core.validators.MaxValueValidator(24)], verbose_name="uren")),
                        ("present_count", models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="aantal aanwezigen")),
                        ("description", models.TextField(blank=True, help_text="Kort en zonder privégegevens van het huishouden.", verbose_name="wat hebben jullie gedaan?")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangemaakt op")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                        ("life_domains", models.ManyToManyField(related_name="activities", to="samenhier.lifedomain", verbose_name="levensgebieden")),
                        ("logged_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="vastgelegd door")),
                        ("members_present", models.ManyToManyField(related_name="activities", to="groups.membership", verbose_name="aanwezige groepsleden")),
                        ("trajectory", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="activities", to="matching.trajectory", verbose_name="traject")),
                    ],
                    options={
                        "verbose_name": "activiteit",
                        "verbose_name_plural": "activiteiten",
                        "ordering": ["-date", "-pk"],
                        "indexes": [
                            models.Index(fields=["date"], name="impact_acti_date_02a1b4_idx"),
                            models.Index(fields=["trajectory", "date"], name="impact_acti_traject_2be9c3_idx"),
                        ],
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(("hours__gt", 0), ("hours__lte", 24)), name="activity_hours_0_24"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="NetworkIntroduction",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("employer", "werkgever"), ("school", "school of opleiding"), ("club", "club of vereniging"), ("neighbour", "buren"), ("organisation", "organisatie"), ("other", "anders")], max_length=20, verbose_name="soort")),
                        ("activity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="introductions", to="matching.activitylog", verbose_name="activiteit")),
                    ],
                    options={
                        "verbose_name": "introductie uit het netwerk",
                        "verbose_name_plural": "introducties uit het netwerk",
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, back_content_types),
    ]
