"""A national-scale programme for load tests and benchmarks (`seed_demo --scale national`).

About 20,000 households in 200 municipalities, 5,000 welcome groups of four, 16,000
trajectories over three years with their milestones and scores, and 1,000,000 activity
logs. Everything fictional, written with COPY on PostgreSQL (executemany on SQLite), so it
takes minutes, not hours. Made once: a second run finds it and stops.
"""

import datetime
import io
import random
import uuid
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from groups.models import Membership, WelcomeGroup
from groups.services import CONFIDENTIALITY_VERSION
from matching.models import (
    ActivityLog,
    Match,
    Milestone,
    NetworkIntroduction,
    SelfRelianceScore,
    Trajectory,
)
from matching.services.year import MILESTONE_OFFSETS
from refugees.models import Refugee
from samenhier.models import LifeDomain, Municipality, PartnerOrganisation, User
from samenhier.roles import Role
from samenhier.services import roles_grant


def bulk(table: str, columns: list[str], rows) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany on SQLite."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            buffer.seek(0)
            cursor.copy_from(buffer, table, columns=columns)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608  # nosec B608
                # Django keeps UUIDs on SQLite as 32 hex characters.
                [tuple(v.hex if isinstance(v, uuid.UUID) else v for v in row) for row in rows],
            )


def seed_national(
    *,
    households: int = 20_000,
    trajectories: int = 16_000,
    groups: int = 5_000,
    municipalities: int = 200,
    logs: int = 1_000_000,
    seed: int = 1,
    today: datetime.date | None = None,
    prefix: str = "Landelijk",
) -> dict | None:
    """Build the national data set once; None when it is there already."""
    if PartnerOrganisation.objects.filter(name=f"{prefix} partner 1 (demo)").exists():
        return None
    today = today or timezone.localdate()
    rng = random.Random(seed)
    domains = list(LifeDomain.objects.values_list("pk", flat=True))
    with transaction.atomic():
        partners = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(name=f"{prefix} partner {i + 1} (demo)")
            for i in range((municipalities + 3) // 4)
        )
        places = Municipality.objects.bulk_create(
            Municipality(name=f"{prefix} gemeente {i + 1} (demo)", partner=partners[i // 4])
            for i in range(municipalities)
        )
        users = [
            User(
                code=uuid.uuid4(),
                email=f"{prefix.lower()}.lid{i}@demo.samenhier.nl",
                first_name="Lid",
                last_name=f"{i} (demo)",
                password="!",  # noqa: S106 - an unusable password: nobody signs in
            )
            for i in range(groups * 4)
        ]
        User.objects.bulk_create(users, batch_size=5000)
        roles_grant(users=users, role=Role.GROUP_MEMBER)
        welcome = [
            WelcomeGroup(
                code=uuid.uuid4(),
                name=f"{prefix} groep {i + 1} (demo)",
                municipality=rng.choice(places),
                status="matched",
                start_training_on=today - datetime.timedelta(days=1200),
                intake_interview_on=today - datetime.timedelta(days=1220),
            )
            for i in range(groups)
        ]
        WelcomeGroup.objects.bulk_create(welcome, batch_size=5000)
        memberships = [
            Membership(
                code=uuid.uuid4(),
                group=g,
                user=users[4 * i + k],
                is_contact=k == 0,
                vog_status="valid",
                vog_valid_until=today + datetime.timedelta(days=400),
                participant_statement_signed_on=today - datetime.timedelta(days=1200),
                confidentiality_accepted_at=timezone.now(),
                confidentiality_version=CONFIDENTIALITY_VERSION,
            )
            for i, g in enumerate(welcome)
            for k in range(4)
        ]
        Membership.objects.bulk_create(memberships, batch_size=5000)

        refugees, matches = [], []
        for i in range(households):
            group = welcome[i % groups]
            if i < trajectories:
                start = today - datetime.timedelta(days=rng.randint(1, 3 * 365))
                status = rng.choices(["active", "completed", "ended_early"], [4, 5, 1])[0]
                planned = start + datetime.timedelta(days=365)
                end = None
                if status == "completed":
                    end = planned
                elif status == "ended_early":
                    end = start + datetime.timedelta(days=rng.randint(30, 300))
                if end and end > today:
                    status, end = "active", None
                refugee_status = {
                    "active": "matched",
                    "completed": "completed",
                    "ended_early": "withdrawn",
                }[status]
            else:
                refugee_status = rng.choice(["ready", "ready", "intake", "withdrawn"])
            refugee = Refugee(
                code=uuid.uuid4(),
                municipality=group.municipality,
                first_name="Huishouden",
                last_name=f"{i} (demo)",
                status=refugee_status,
                waiting_since=today - datetime.timedelta(days=rng.randint(30, 1400)),
            )
            refugees.append(refugee)
            if i < trajectories:
                matches.append(
                    Match(
                        code=uuid.uuid4(),
                        refugee=refugee,
                        group=group,
                        status=status,
                        municipality_id=refugee.municipality_id,
                        waited_days=max((start - refugee.waiting_since).days, 0),
                        persons=rng.randint(1, 6),
                        start_date=start,
                        planned_end_date=planned,
                        actual_end_date=end,
                        end_reason="mismatch" if status == "ended_early" else "",
                    )
                )
        Refugee.objects.bulk_create(refugees, batch_size=5000)
        Match.objects.bulk_create(matches, batch_size=5000)
        paths = [Trajectory(code=uuid.uuid4(), match=m) for m in matches]
        Trajectory.objects.bulk_create(paths, batch_size=5000)
        milestones, scores = [], []
        for t, m in zip(paths, matches, strict=True):
            stop = m.actual_end_date or today
            for kind, offset in MILESTONE_OFFSETS.items():
                due = m.start_date + offset
                done = due if due <= stop and rng.random() < 0.85 else None
                milestones.append(
                    Milestone(trajectory=t, kind=kind, due_date=due, completed_on=done)
                )
            if m.status == "completed":
                for d in rng.sample(domains, 2):
                    first = rng.randint(1, 3)
                    scores += [
                        SelfRelianceScore(
                            trajectory=t, life_domain_id=d, moment="introduction", score=first
                        ),
                        SelfRelianceScore(
                            trajectory=t,
                            life_domain_id=d,
                            moment="final",
                            score=min(5, first + rng.randint(0, 2)),
                        ),
                    ]
        Milestone.objects.bulk_create(milestones, batch_size=5000)
        SelfRelianceScore.objects.bulk_create(scores, batch_size=5000)

        members_of: dict = {}
        for membership in memberships:
            members_of.setdefault(membership.group_id, []).append(membership.code)
        spans = []
        for t, m in zip(paths, matches, strict=True):
            last = m.actual_end_date or min(today, m.planned_end_date)
            spans.append((t.code, m.group_id, m.start_date, max((last - m.start_date).days, 1)))
        first_id = (
            ActivityLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        log_rows, present_rows, domain_rows, intro_rows = [], [], [], []
        stamp = timezone.now().isoformat()
        for pk in range(first_id, first_id + logs):
            trajectory, group, start, length = spans[pk % len(spans)]
            day = start + datetime.timedelta(days=rng.randrange(length))
            present = rng.sample(members_of[group], rng.randint(1, 3))
            hours = str(Decimal(rng.choice(["1", "1.5", "2", "3"])))
            log_rows.append(
                (
                    pk,
                    uuid.uuid4(),
                    trajectory,
                    day.isoformat(),
                    hours,
                    "",
                    None,
                    stamp,
                    stamp,
                    len(present),
                )
            )
            present_rows += [(pk, member) for member in present]
            domain_rows += [(pk, d) for d in rng.sample(domains, rng.randint(1, 2))]
            if rng.random() < 0.05:
                intro_rows.append((pk, rng.choice(["employer", "school", "club", "neighbour"])))
        log_table = ActivityLog._meta.db_table
        bulk(
            log_table,
            [
                "id",
                "code",
                "trajectory_id",
                "date",
                "hours",
                "description",
                "logged_by_id",
                "created_at",
                "updated_at",
                "present_count",
            ],
            log_rows,
        )
        bulk(
            ActivityLog.members_present.through._meta.db_table,
            ["activitylog_id", "membership_id"],
            present_rows,
        )
        bulk(
            ActivityLog.life_domains.through._meta.db_table,
            ["activitylog_id", "lifedomain_id"],
            domain_rows,
        )
        bulk(NetworkIntroduction._meta.db_table, ["activity_id", "kind"], intro_rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{log_table}', 'id'),"  # noqa: S608  # nosec B608
                    f" (SELECT MAX(id) FROM {log_table}))"
                )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Settle the freshly loaded tables (statistics, visibility map) before use.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {
        "households": len(refugees),
        "groups": len(welcome),
        "trajectories": len(paths),
        "municipalities": len(places),
        "logs": logs,
        "presences": len(present_rows),
        "domain_links": len(domain_rows),
        "introductions": len(intro_rows),
    }
