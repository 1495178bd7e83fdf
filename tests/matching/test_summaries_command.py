"""manage.py summaries: --rebuild makes the figures' summaries again from the raw rows and
says how many rows it wrote; --verify then finds no difference."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from matching.models.summaries import (
    ActivityTally,
    PresenceCount,
    PresenceMonth,
    PresenceSpan,
    ScoreGain,
    TrajectoryPulse,
    YearTally,
)
from matching.services.activities import activity_log_save
from samenhier.models import LifeDomain

from ..factories import active_trajectory

# Every table of summaries behind the figures (matching/models/summaries.py).
TABLES = (
    ActivityTally,
    PresenceMonth,
    PresenceCount,
    PresenceSpan,
    ScoreGain,
    YearTally,
    TrajectoryPulse,
)


def summary_rows() -> int:
    return sum(table.objects.count() for table in TABLES)


@pytest.fixture
def year_with_logs(municipality):
    """A year with two logs, and summaries lost (a restore of the raw rows only)."""
    trajectory = active_trajectory(municipality=municipality)
    members = list(trajectory.match.group.memberships.order_by("pk"))
    for days, domain in ((3, "work"), (10, "language")):
        activity_log_save(
            trajectory=trajectory,
            by=members[0].user,
            date=trajectory.match.start_date + datetime.timedelta(days=days),
            hours=Decimal("1.5"),
            life_domains=[LifeDomain.objects.get(key=domain)],
            members_present=members[:1],
        )
    for table in TABLES:
        table.objects.all().delete()
    return trajectory


def test_it_rebuilds_prints_the_rows_it_wrote_and_then_verifies_0_differences(year_with_logs):
    with pytest.raises(CommandError, match="differ"):
        call_command("summaries", "--verify", stdout=io.StringIO())

    out = io.StringIO()
    call_command("summaries", "--rebuild", stdout=out)

    printed = re.fullmatch(r"rebuilt: ([\d,]+) rows in \d+\.\d s\n", out.getvalue())
    assert printed, out.getvalue()
    written = int(printed[1].replace(",", ""))
    assert written > 0
    assert written == summary_rows()

    out = io.StringIO()
    call_command("summaries", "--verify", stdout=out)
    assert out.getvalue().endswith(", 0 differences\n")


def test_it_asks_for_an_option(db):
    with pytest.raises(CommandError, match="--rebuild, --verify or both"):
        call_command("summaries", stdout=io.StringIO())
