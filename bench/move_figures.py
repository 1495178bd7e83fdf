"""Every impact figure for a few periods and places, as JSON lines, for bench/move_drill.sh.

Run with `manage.py shell -c` in a checkout from before the year moved into `matching` and
in this one: the lines must be identical. Set EXACT=1 where impact_report knows --exact.
"""

import datetime
import json
import os
from io import StringIO

from django.core.management import call_command
from django.db import connection

from samenhier.models import Municipality

today = datetime.date.today()
periods = [
    ("2020-01-01", (today + datetime.timedelta(days=1)).isoformat()),
    ((today - datetime.timedelta(days=365)).isoformat(), today.isoformat()),
    (
        (today - datetime.timedelta(days=200)).isoformat(),
        (today - datetime.timedelta(days=30)).isoformat(),
    ),
    (
        (today - datetime.timedelta(days=31)).isoformat(),
        (today + datetime.timedelta(days=1)).isoformat(),
    ),
]
places = [None, *Municipality.objects.order_by("name").values_list("name", flat=True)[:3]]
extra = ["--exact"] if os.environ.get("EXACT") else []
for start, end in periods:
    for place in places:
        out = StringIO()
        where = ["--municipality", place] if place else []
        call_command("impact_report", "--from", start, "--to", end, *where, *extra, stdout=out)
        report = json.loads(out.getvalue())
        figures = {key: row["value"] for key, row in report["indicators"].items()}
        line = {
            "period": [start, end],
            "place": place,
            "figures": figures,
            "sdg_hours": report["sdg_hours"],
        }
        print(json.dumps(line, sort_keys=True))

# The rows of the year that moved, by what they are (the tables changed names).
with connection.cursor() as cursor:
    for what, old, new in [
        ("activity logs", "impact_activitylog", "matching_activitylog"),
        ("presences", "impact_activitylog_members_present", "matching_activitylog_members_present"),
        ("domain links", "impact_activitylog_life_domains", "matching_activitylog_life_domains"),
        ("introductions", "impact_networkintroduction", "matching_networkintroduction"),
    ]:
        table = new if new in connection.introspection.table_names() else old
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
        print(json.dumps({"rows": what, "count": cursor.fetchone()[0]}))
