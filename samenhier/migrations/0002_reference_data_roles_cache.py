"""Reference lists (languages, life domains, interests), the role groups, and the
database cache table that holds login rate limits."""

from django.core.management import call_command
from django.db import migrations

from samenhier.reference import ensure_reference_data

ROLES = [
    "coordinator",
    "community_builder",
    "programme_staff",
    "group_member",
    "refugee",
    "administrator",
]


def forwards(apps, schema_editor):
    Language = apps.get_model("samenhier", "Language")
    LifeDomain = apps.get_model("samenhier", "LifeDomain")
    Interest = apps.get_model("samenhier", "Interest")
    Group = apps.get_model("auth", "Group")
    ensure_reference_data(Language.objects, LifeDomain.objects, Interest.objects)
    for role in ROLES:
        Group.objects.get_or_create(name=role)


def cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("samenhier", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(cache_table, migrations.RunPython.noop),
    ]
