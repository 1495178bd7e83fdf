"""The year's activity logs move to the matching app (docs/architecture.md, "The parts").

The tables are renamed to the matching app's names, with their many-to-many tables;
not a row is copied or lost. The models leave this app's state here and enter the
matching app's state in matching/0005, which depends on this migration.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("impact", "0005_export_chunks"),
        ("matching", "0004_checkins_evaluations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("activitylog", "matching_activitylog"),
                migrations.AlterModelTable("networkintroduction", "matching_networkintroduction"),
            ],
            state_operations=[
                migrations.DeleteModel("NetworkIntroduction"),
                migrations.DeleteModel("ActivityLog"),
            ],
        ),
    ]
