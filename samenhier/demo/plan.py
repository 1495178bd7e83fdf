"""The plan of one copy of the programme: which matches, in which status, how many persons,
calibrated so the copy lands near 20,000 reception days."""

import datetime
import random
from dataclasses import dataclass, field

from matching.services.year import planned_end
from samenhier.demo.words import TARGET_RECEPTION_DAYS
from samenhier.models import (
    Variant,
)


@dataclass
class MatchPlan:
    status: str
    city: int
    start: datetime.date | None = None
    end: datetime.date | None = None
    end_reason: str = ""
    persons: int = 1
    declined_before: bool = False
    variant: str = Variant.WELKOMGROEP
    group_status: str = ""
    refugee_status: str = ""
    extra: dict = field(default_factory=dict)


def reception_days(plans: list[MatchPlan], today: datetime.date) -> int:
    """The reception-days formula (docs/architecture.md) over the plan, to calibrate sizes."""
    total = 0
    for p in plans:
        if p.start is None:
            continue
        stop = p.end or min(today, planned_end(p.start))
        total += p.persons * max((stop - p.start).days, 0)
    return total


def plan_copy(rng: random.Random, today: datetime.date) -> list[MatchPlan]:
    """46 matches over three years, in every status, spread over four cities."""
    cities = [0, 0, 0, 1, 1, 2, 2, 3]  # Den Haag runs the most groups
    plans: list[MatchPlan] = []
    for _ in range(16):
        start = today - datetime.timedelta(days=rng.randint(420, 1090))
        plans.append(MatchPlan("completed", rng.choice(cities), start, planned_end(start)))
    reasons = ["household_moved", "group_stopped", "mismatch", "household_stopped"]
    for reason in reasons:
        start = today - datetime.timedelta(days=rng.randint(300, 900))
        end = start + datetime.timedelta(days=rng.randint(60, 250))
        plans.append(MatchPlan("ended_early", rng.choice(cities), start, end, reason))
    for i in range(14):
        # The first active match (Den Haag) belongs to the demo group member and household.
        city = 0 if i == 0 else rng.choice(cities)
        start = today - datetime.timedelta(days=120 if i == 0 else rng.randint(10, 350))
        plans.append(MatchPlan("active", city, start))
    for status, n in (("accepted", 3), ("proposed", 4)):
        plans.extend(MatchPlan(status, rng.choice(cities)) for _ in range(n))
    for p in plans:
        p.persons = rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])
        p.variant = Variant.SPONSORGROEP if rng.random() < 0.2 else Variant.WELKOMGROEP
    # Five households had a proposal declined before their current match.
    for p in rng.sample([p for p in plans if p.status in ("active", "proposed")], 5):
        p.declined_before = True
    _calibrate(plans, today)
    return plans


def _calibrate(plans: list[MatchPlan], today: datetime.date) -> None:
    """Nudge household sizes until the reception days land within 2% of the target."""
    started = sorted(
        (p for p in plans if p.start), key=lambda p: -reception_days([p], today) / p.persons
    )
    for _ in range(200):
        total = reception_days(plans, today)
        if abs(total - TARGET_RECEPTION_DAYS) <= TARGET_RECEPTION_DAYS * 0.02:
            return
        step = -1 if total > TARGET_RECEPTION_DAYS else 1
        for p in started:
            if 1 <= p.persons + step <= 6:
                days = reception_days([p], today) // p.persons
                if abs(total + step * days - TARGET_RECEPTION_DAYS) < abs(
                    total - TARGET_RECEPTION_DAYS
                ):
                    p.persons += step
                    break
        else:
            return
