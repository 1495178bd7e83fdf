"""A believable, clearly fictional Samen Hier programme for demos, tests and benchmarks.

One *copy* of the programme is four municipalities with about three years of history:
46 matches in every status, 3–5 members per group, about half of the groups bringing in
people from their network, activity logs across each year, and, on the day it is seeded,
about 20,000 reception days. Copy 0 uses Den Haag, Utrecht, Rotterdam and Haarlem;
`--scale N` adds copies in made-up municipalities. Everything is bulk-inserted, and each
copy is made once: seeding again changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group as AuthGroup
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from groups.models import GroupExpertise, GroupStatusChange, Membership, WelcomeGroup
from matching.models import (
    CheckIn,
    Match,
    MatchStatusChange,
    Milestone,
    SelfRelianceScore,
    Trajectory,
    TrajectoryGoal,
)
from matching.services import MILESTONE_OFFSETS, planned_end
from refugees.models import (
    Consent,
    HouseholdGoal,
    HouseholdMember,
    HouseholdPreference,
    Refugee,
    RefugeeStatusChange,
)
from samenhier.models import (
    Interest,
    Language,
    LifeDomain,
    Municipality,
    PartnerOrganisation,
    User,
    Variant,
)
from samenhier.roles import SECOND_FACTOR_ROLES, Role

from .models import ActivityLog, NetworkIntroduction

DEMO_PASSWORD = "Welkom-samen-2026"  # noqa: S105 - printed for the demo on purpose
# The second factor of the demo's staff accounts (base32, for an authenticator app; or
# `manage.py demo_code EMAIL` prints the current code). Demo only, printed on purpose.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "demo.samenhier.nl"
TARGET_RECEPTION_DAYS = 20_000

# Demo logins, one per role (copy 0).
DEMO_LOGINS = [
    (Role.COORDINATOR, f"coordinator@{DEMO_DOMAIN}", "Cor", "Dinator (demo)"),
    (Role.COORDINATOR, f"coordinator.utrecht@{DEMO_DOMAIN}", "Ute", "Recht (demo)"),
    (Role.COMMUNITY_BUILDER, f"communitybuilder@{DEMO_DOMAIN}", "Bouke", "Bouwer (demo)"),
    (Role.PROGRAMME_STAFF, f"staff@{DEMO_DOMAIN}", "Stef", "Programma (demo)"),
    (Role.GROUP_MEMBER, f"groepslid@{DEMO_DOMAIN}", "Gea", "Groepslid (demo)"),
    (Role.REFUGEE, f"nieuwkomer@{DEMO_DOMAIN}", "Amal", "Voorbeeld (demo)"),
    (Role.ADMINISTRATOR, f"beheer@{DEMO_DOMAIN}", "Bea", "Beheer (demo)"),
]

CITIES = [
    # name, partner, (lat, lon) of the centre
    ("Den Haag", "Stichting Welkom Den Haag (demo)", (52.0705, 4.3007)),
    ("Utrecht", "Samen Utrecht (demo)", (52.0907, 5.1214)),
    ("Rotterdam", "Rotterdam Verwelkomt (demo)", (51.9244, 4.4777)),
    ("Haarlem", "Haarlem Heet Welkom (demo)", (52.3874, 4.6462)),
]

MEMBER_FIRST = [
    "Anne",
    "Bas",
    "Carla",
    "Daan",
    "Els",
    "Frits",
    "Greet",
    "Hugo",
    "Ineke",
    "Joost",
    "Karin",
    "Lars",
    "Marieke",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sjoerd",
    "Tineke",
    "Umar",
    "Vera",
    "Wim",
    "Yara",
    "Zeger",
    "Lotte",
    "Maarten",
    "Noor",
    "Ruben",
]
MEMBER_LAST = [
    "Proefmans",
    "Voorbeeldt",
    "de Testera",
    "Fictiefsma",
    "van Demohoven",
    "Schijnsma",
    "Verzonnen",
    "de Bedachte",
    "Probeerstra",
    "van Oefenburg",
]
HOUSEHOLD_FIRST = [
    "Amal",
    "Bilal",
    "Dawit",
    "Farah",
    "Hamid",
    "Iryna",
    "Jamal",
    "Khadija",
    "Lina",
    "Mariam",
    "Nour",
    "Omar",
    "Rahel",
    "Samir",
    "Tesfay",
    "Yasmin",
    "Zahra",
    "Ali",
    "Hiba",
    "Kidane",
    "Mahmoud",
    "Olena",
    "Rania",
    "Selam",
    "Yusuf",
]
HOUSEHOLD_LAST = ["Voorbeeld", "Fictief", "Demo", "Proef", "Bedacht"]
CHILD_FIRST = ["Adam", "Sara", "Yosef", "Maya", "Rami", "Lana", "Tim", "Noa", "Ilyas", "Dana"]
COUNTRIES = ["Syrië", "Eritrea", "Afghanistan", "Jemen", "Oekraïne", "Somalië", "Turkije"]
HOUSEHOLD_LANGS = ["ar", "ti", "fa", "prs", "so", "uk", "tr", "ku", "am"]
GOAL_TEXTS = {
    "language": "Nederlands oefenen in het dagelijks leven",
    "work": "Een baan of werkervaringsplek vinden",
    "education": "Een passende opleiding kiezen",
    "housing": "Wegwijs worden in de wijk en de woning",
    "health": "De weg vinden naar huisarts en sport",
    "finances": "Post en geldzaken zelf regelen",
    "social": "Mensen leren kennen in de buurt",
    "leisure": "Een club of vereniging vinden",
}
ACTIVITY_TEXTS = [
    "Samen boodschappen gedaan en prijzen vergeleken",
    "Oefengesprek voor een sollicitatie",
    "Langs de bibliotheek en een taalcafé",
    "Post doorgenomen en een afspraak gemaakt",
    "Samen gekookt en gegeten",
    "Wandeling door de wijk, buurthuis bezocht",
    "Mee naar een informatieavond van school",
    "Fietsles in het park",
]


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
    """DESIGN.md's formula over the plan, to calibrate the household sizes."""
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


class Seeder:
    """Builds one copy of the demo programme with bulk inserts."""

    def __init__(self, copy: int, today: datetime.date):
        self.copy = copy
        self.today = today
        self.rng = random.Random(f"samenhier-demo-{copy}")
        self.langs = {lang.code: lang for lang in Language.objects.all()}
        self.domains = list(LifeDomain.objects.all())
        self.interests = list(Interest.objects.all())
        self.member_role = AuthGroup.objects.get(name=Role.GROUP_MEMBER)
        self.group_seq = WelcomeGroup.objects.count()
        self.user_seq = User.objects.count()

    # -- helpers ------------------------------------------------------------
    def days(self, a: int, b: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(a, b))

    def near(self, centre: tuple[float, float]) -> tuple[Decimal, Decimal]:
        lat = centre[0] + self.rng.uniform(-0.04, 0.04)
        lon = centre[1] + self.rng.uniform(-0.06, 0.06)
        return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")

    def at(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))

    # -- the copy -------------------------------------------------------------
    def cities(self) -> list[tuple[Municipality, tuple[float, float]]]:
        made = []
        for i, (name, partner, centre) in enumerate(CITIES):
            if self.copy:
                name = f"Demogemeente {self.copy * len(CITIES) + i + 1}"
                partner = f"Partner {name}"
            org, _ = PartnerOrganisation.objects.get_or_create(name=partner)
            municipality, _ = Municipality.objects.get_or_create(
                name=name, defaults={"partner": org}
            )
            made.append((municipality, centre))
        # Den Haag and Rotterdam are neighbours; households there may accept either.
        made[0][0].neighbours.add(made[2][0])
        return made

    def seed(self) -> dict:
        cities = self.cities()
        plans = plan_copy(self.rng, self.today)
        refugees, groups, matches = [], [], []
        for plan in plans:
            municipality, centre = cities[plan.city]
            refugee = self.refugee(plan, municipality, centre)
            group = self.group(plan, municipality, centre)
            refugees.append(refugee)
            groups.append(group)
            matches.append(self.match(plan, refugee, group))
        # Declined proposals: with a group that is still ready for another household.
        declined = []
        for plan, refugee in zip(plans, refugees, strict=True):
            if plan.declined_before:
                municipality, centre = cities[plan.city]
                group = self.group(MatchPlan("ready_group", plan.city), municipality, centre)
                groups.append(group)
                declined.append((refugee, group, plan))
        for refugee, group, _plan in declined:
            matches.append(
                Match(refugee=refugee, group=group, status=Match.Status.DECLINED, created_by=None)
            )
        # Households and groups still waiting, preparing or withdrawn.
        waiting = []
        status = ["ready"] * 10 + ["intake"] * 2 + ["withdrawn"] * 2
        for i in range(len(status)):
            municipality, centre = cities[i % len(cities)]
            plan = MatchPlan("waiting", i % len(cities), refugee_status=status[i])
            # One Haarlem household no group can take yet, to show the reasons why.
            plan.extra["hard_to_place"] = i == 3
            plan.persons = self.rng.choice([1, 2, 3, 4])
            waiting.append(self.refugee(plan, municipality, centre))
        refugees.extend(waiting)
        for i, status in enumerate(
            ["ready", "ready", "forming", "screening", "training", "withdrawn"]
        ):
            municipality, centre = cities[i % len(cities)]
            groups.append(
                self.group(
                    MatchPlan("prep", i % len(cities), group_status=status), municipality, centre
                )
            )
        self.save(refugees, groups, matches, plans, declined)
        return {
            "households": len(refugees),
            "groups": len(groups),
            "matches": len(matches),
            "reception_days": reception_days(plans, self.today),
        }

    # -- households ------------------------------------------------------------
    def refugee(self, plan: MatchPlan, municipality, centre) -> Refugee:
        rng = self.rng
        status = plan.refugee_status or {
            "completed": "completed",
            "ended_early": "withdrawn"
            if plan.end_reason in ("household_moved", "household_stopped")
            else "completed",
            "active": "matched",
        }.get(plan.status, "ready")
        start = plan.start or self.today - self.days(20, 200)
        waiting_since = start - self.days(30, 240)
        lat, lon = self.near(centre)
        refugee = Refugee(
            municipality=municipality,
            variant=plan.variant,
            status=status,
            first_name=rng.choice(HOUSEHOLD_FIRST),
            last_name=rng.choice(HOUSEHOLD_LAST),
            birth_year=self.today.year - rng.randint(20, 60),
            interpreter_available=rng.random() < 0.5 and not plan.extra.get("hard_to_place"),
            accepts_neighbouring_municipality=rng.random() < 0.3,
            intake_date=waiting_since,
            waiting_since=waiting_since,
            available_weekdays=rng.random() < 0.7,
            available_evenings=rng.random() < 0.7,
            available_weekends=rng.random() < 0.8,
            latitude=lat,
            longitude=lon,
            country_of_origin=rng.choice(COUNTRIES),
            residence_status="Verblijfsvergunning asiel (fictief)",
            health_notes="Geen bijzonderheden (fictief)" if rng.random() < 0.7 else "",
            coordinator_notes="Fictieve notitie voor de demo.",
            shared_with_group="Houdt van koken en voetbal." if rng.random() < 0.5 else "",
        )
        refugee._plan = plan
        return refugee

    # -- groups ------------------------------------------------------------------
    def group(self, plan: MatchPlan, municipality, centre) -> WelcomeGroup:
        rng = self.rng
        status = plan.group_status or {
            "completed": "completed",
            "ended_early": "withdrawn" if plan.end_reason == "group_stopped" else "completed",
            "active": "matched",
        }.get(plan.status, "ready")
        lat, lon = self.near(centre)
        self.group_seq += 1
        group = WelcomeGroup(
            name=f"Welkomgroep {municipality.name} {self.group_seq} (demo)",
            municipality=municipality,
            variant=plan.variant,
            status=status,
            capacity=2 if rng.random() < 0.1 else 1,
            is_woman_led=rng.random() < 0.2,
            has_children=rng.random() < 0.4,
            typical_age=rng.randint(25, 70),
            available_weekdays=rng.random() < 0.6,
            available_evenings=rng.random() < 0.8,
            available_weekends=rng.random() < 0.8,
            latitude=lat,
            longitude=lon,
            description="Buren uit dezelfde wijk met tijd en een groot netwerk (demo).",
        )
        group._plan = plan
        group._network = rng.random() < 0.5
        return group

    def match(self, plan: MatchPlan, refugee: Refugee, group: WelcomeGroup) -> Match:
        return Match(
            refugee=refugee,
            group=group,
            status=plan.status,
            persons=plan.persons if plan.start else None,
            start_date=plan.start,
            planned_end_date=planned_end(plan.start) if plan.start else None,
            actual_end_date=plan.end,
            end_reason=plan.end_reason,
            group_confirmed_at=self.at(plan.start) if plan.start else None,
            household_consent_at=self.at(plan.start) if plan.start else None,
        )

    # -- writing -------------------------------------------------------------
    def save(self, refugees, groups, matches, plans, declined) -> None:
        Refugee.objects.bulk_create(refugees)
        WelcomeGroup.objects.bulk_create(groups)
        Match.objects.bulk_create(matches)
        self.households(refugees)
        self.members(groups)
        self.group_details(groups)
        self.histories(refugees, groups, matches)
        started = [m for m in matches if m.start_date]
        trajectories = Trajectory.objects.bulk_create([Trajectory(match=m) for m in started])
        self.trajectory_details(trajectories)
        self.activities(trajectories)

    def households(self, refugees) -> None:
        rng = self.rng
        members, goals, prefs, consents = [], [], [], []
        lang_links, interest_links = [], []
        for refugee in refugees:
            plan = refugee._plan
            others = plan.persons - 1
            if others and rng.random() < 0.7:
                members.append(
                    HouseholdMember(
                        refugee=refugee,
                        first_name=rng.choice(HOUSEHOLD_FIRST),
                        relation="partner",
                        birth_year=refugee.birth_year + rng.randint(-5, 5),
                    )
                )
                others -= 1
            for _ in range(others):
                members.append(
                    HouseholdMember(
                        refugee=refugee,
                        first_name=rng.choice(CHILD_FIRST),
                        relation="child",
                        birth_year=self.today.year - rng.randint(1, 17),
                    )
                )
            for domain in rng.sample(self.domains, rng.randint(2, 4)):
                goals.append(
                    HouseholdGoal(
                        refugee=refugee,
                        life_domain=domain,
                        description=GOAL_TEXTS[domain.key],
                        priority=rng.randint(1, 3),
                    )
                )
            hard = plan.extra.get("hard_to_place", False)
            if hard:
                prefs.append(HouseholdPreference(refugee=refugee, kind="woman_led", required=True))
            elif rng.random() < 0.15:
                prefs.append(
                    HouseholdPreference(
                        refugee=refugee, kind="woman_led", required=rng.random() < 0.5
                    )
                )
            if rng.random() < 0.2:
                prefs.append(HouseholdPreference(refugee=refugee, kind="with_children"))
            if refugee.status != "intake":
                consents.append(
                    Consent(
                        refugee=refugee,
                        subject="data_processing",
                        given_at=self.at(refugee.intake_date),
                    )
                )
                if rng.random() < 0.5:
                    consents.append(
                        Consent(
                            refugee=refugee,
                            subject="share_origin",
                            given_at=self.at(refugee.intake_date),
                        )
                    )
            codes = ["am"] if hard else rng.sample(HOUSEHOLD_LANGS, rng.randint(1, 2))
            if rng.random() < 0.4 and not hard:
                codes.append("en")
            if rng.random() < 0.3 and not hard:
                codes.append("nl")
            lang_links += [
                Refugee.languages.through(refugee_id=refugee.pk, language_id=self.langs[c].pk)
                for c in codes
            ]
            interest_links += [
                Refugee.interests.through(refugee_id=refugee.pk, interest_id=i.pk)
                for i in rng.sample(self.interests, rng.randint(1, 3))
            ]
        HouseholdMember.objects.bulk_create(members)
        HouseholdGoal.objects.bulk_create(goals)
        HouseholdPreference.objects.bulk_create(prefs)
        Consent.objects.bulk_create(consents)
        Refugee.languages.through.objects.bulk_create(lang_links)
        Refugee.interests.through.objects.bulk_create(interest_links)

    def members(self, groups) -> None:
        rng = self.rng
        users, memberships, lang_links = [], [], []
        for group in groups:
            plan = group._plan
            formed = (plan.start or self.today) - self.days(60, 150)
            prepared = group.status not in ("forming", "screening", "training")
            group.intake_interview_on = (
                formed + self.days(5, 20) if group.status != "forming" else None
            )
            group.start_training_on = formed + self.days(25, 45) if prepared else None
            for i in range(rng.randint(3, 5)):
                first, last = rng.choice(MEMBER_FIRST), rng.choice(MEMBER_LAST)
                self.user_seq += 1
                user = User(
                    email=f"{first}.{last}.{self.user_seq}@{DEMO_DOMAIN}".lower().replace(" ", ""),
                    first_name=first,
                    last_name=last,
                    password="!",  # noqa: S106 - unusable: only the demo logins sign in
                )
                users.append(user)
                vog_ok = prepared or group.status == "training"
                memberships.append(
                    Membership(
                        group=group,
                        user=user,
                        is_contact=i == 0,
                        joined_on=formed,
                        participant_statement_signed_on=formed + self.days(1, 10)
                        if group.status != "forming"
                        else None,
                        vog_status="valid" if vog_ok else "requested",
                        vog_valid_until=self.today + self.days(200, 900) if vog_ok else None,
                        confidentiality_accepted_at=self.at(formed) if vog_ok else None,
                        confidentiality_version="1.0" if vog_ok else "",
                    )
                )
        User.objects.bulk_create(users)
        for membership, user in zip(memberships, users, strict=True):
            membership.user = user
        Membership.objects.bulk_create(memberships)
        role_links = [
            User.groups.through(user_id=u.pk, group_id=self.member_role.pk) for u in users
        ]
        User.groups.through.objects.bulk_create(role_links)
        extra = ["en", "ar", "ti", "fr", "de", "tr", "uk"]
        for membership in memberships:
            codes = {"nl", *rng.sample(extra, rng.randint(0, 2))}
            lang_links += [
                Membership.languages.through(
                    membership_id=membership.pk, language_id=self.langs[c].pk
                )
                for c in codes
            ]
        Membership.languages.through.objects.bulk_create(lang_links)
        WelcomeGroup.objects.bulk_update(groups, ["intake_interview_on", "start_training_on"])
        self._memberships = {}
        for membership in memberships:
            self._memberships.setdefault(membership.group_id, []).append(membership)

    def group_details(self, groups) -> None:
        rng = self.rng
        expertise, interest_links = [], []
        for group in groups:
            for domain in rng.sample(self.domains, rng.randint(2, 4)):
                expertise.append(
                    GroupExpertise(group=group, life_domain=domain, level=rng.randint(1, 3))
                )
            interest_links += [
                WelcomeGroup.interests.through(welcomegroup_id=group.pk, interest_id=i.pk)
                for i in rng.sample(self.interests, rng.randint(1, 3))
            ]
        GroupExpertise.objects.bulk_create(expertise)
        WelcomeGroup.interests.through.objects.bulk_create(interest_links)

    def histories(self, refugees, groups, matches) -> None:
        """Status-change rows that tell how each record reached its status."""
        refugee_paths = {
            "intake": [],
            "ready": ["ready"],
            "matched": ["ready", "matched"],
            "completed": ["ready", "matched", "completed"],
            "withdrawn": ["ready", "withdrawn"],
        }
        group_paths = {
            "forming": [],
            "screening": ["screening"],
            "training": ["screening", "training"],
            "ready": ["screening", "training", "ready"],
            "matched": ["screening", "training", "ready", "matched"],
            "completed": ["screening", "training", "ready", "matched", "completed"],
            "withdrawn": ["screening", "withdrawn"],
        }
        match_paths = {
            "proposed": ["proposed"],
            "accepted": ["proposed", "accepted"],
            "active": ["proposed", "accepted", "active"],
            "completed": ["proposed", "accepted", "active", "completed"],
            "ended_early": ["proposed", "accepted", "active", "ended_early"],
            "declined": ["proposed", "declined"],
        }
        rows_r, rows_g, rows_m = [], [], []
        for refugee in refugees:
            old = "intake"
            for i, new in enumerate(refugee_paths[refugee.status]):
                rows_r.append(
                    RefugeeStatusChange(
                        refugee=refugee,
                        old=old,
                        new=new,
                        at=self.at(refugee.waiting_since) + datetime.timedelta(days=i),
                    )
                )
                old = new
        for group in groups:
            old = "forming"
            base = group.intake_interview_on or self.today
            for i, new in enumerate(group_paths[group.status]):
                rows_g.append(
                    GroupStatusChange(
                        group=group, old=old, new=new, at=self.at(base) + datetime.timedelta(days=i)
                    )
                )
                old = new
        for match in matches:
            old = ""
            base = match.start_date or self.today - datetime.timedelta(days=7)
            for i, new in enumerate(match_paths[match.status]):
                at = (
                    self.at(match.actual_end_date)
                    if new in ("completed", "ended_early")
                    else self.at(base) - datetime.timedelta(days=max(0, 2 - i) * 7)
                )
                rows_m.append(MatchStatusChange(match=match, old=old, new=new, at=at))
                old = new
        RefugeeStatusChange.objects.bulk_create(rows_r)
        GroupStatusChange.objects.bulk_create(rows_g)
        MatchStatusChange.objects.bulk_create(rows_m)

    def trajectory_details(self, trajectories) -> None:
        rng = self.rng
        goals_by_refugee: dict = {}
        for goal in HouseholdGoal.objects.filter(
            refugee__in=[t.match.refugee_id for t in trajectories]
        ):
            goals_by_refugee.setdefault(goal.refugee_id, []).append(goal)
        milestones, goals, scores = [], [], []
        for t in trajectories:
            match = t.match
            stop = match.actual_end_date or self.today
            due = {kind: match.start_date + off for kind, off in MILESTONE_OFFSETS.items()}
            if match.refugee.variant == Variant.SPONSORGROEP:
                due["action_plan"] = match.start_date
            for kind, day in due.items():
                done = day + self.days(-5, 12)
                # A few active trajectories have a milestone overdue.
                late = match.status == "active" and rng.random() < 0.15
                completed = done if done <= stop and not late else None
                milestones.append(
                    Milestone(
                        trajectory=t,
                        kind=kind,
                        due_date=day,
                        completed_on=completed,
                        notes="Verslag (demo)." if completed else "",
                    )
                )
            passed = {k for k, d in due.items() if d <= stop}
            for hg in goals_by_refugee.get(match.refugee_id, []):
                progress = (
                    "achieved"
                    if match.status == "completed" and rng.random() < 0.6
                    else rng.choice(["open", "in_progress", "in_progress"])
                )
                goals.append(
                    TrajectoryGoal(
                        trajectory=t,
                        life_domain=hg.life_domain,
                        description=hg.description,
                        status=progress,
                    )
                )
                first = rng.randint(1, 3)
                scores.append(
                    SelfRelianceScore(
                        trajectory=t, life_domain=hg.life_domain, moment="introduction", score=first
                    )
                )
                if "midterm" in passed:
                    mid = min(5, first + rng.randint(0, 1))
                    scores.append(
                        SelfRelianceScore(
                            trajectory=t, life_domain=hg.life_domain, moment="midterm", score=mid
                        )
                    )
                    if match.status == "completed":
                        scores.append(
                            SelfRelianceScore(
                                trajectory=t,
                                life_domain=hg.life_domain,
                                moment="final",
                                score=min(5, mid + rng.randint(0, 2)),
                            )
                        )
        check_ins = []
        low_given = False
        for m in milestones:
            if m.kind == "action_plan" or m.completed_on is None or rng.random() < 0.4:
                continue
            score = rng.randint(3, 5)
            if not low_given and m.trajectory.match.status == "active" and m.kind == "check_in":
                score, low_given = 2, True
            check_ins.append(
                CheckIn(
                    trajectory=m.trajectory,
                    milestone=m.kind,
                    score=score,
                    helps="De wekelijkse taalafspraak helpt (demo)." if score > 2 else "",
                    missing="Hulp bij het vinden van werk (demo)." if score <= 3 else "",
                )
            )
        Milestone.objects.bulk_create(milestones)
        CheckIn.objects.bulk_create(check_ins)
        TrajectoryGoal.objects.bulk_create(goals)
        SelfRelianceScore.objects.bulk_create(scores)

    def activities(self, trajectories) -> None:
        rng = self.rng
        logs, domain_links, present_links, intros = [], [], [], []
        goal_domains: dict = {}
        for goal in HouseholdGoal.objects.filter(
            refugee__in=[t.match.refugee_id for t in trajectories]
        ):
            goal_domains.setdefault(goal.refugee_id, []).append(goal.life_domain_id)
        for t in trajectories:
            match = t.match
            members = self._memberships.get(match.group_id, [])
            stop = min(match.actual_end_date or self.today, self.today)
            if match.status == "active" and rng.random() < 0.2:
                # Some groups have gone quiet, so the follow-up board has work to show.
                stop = self.today - self.days(24, 45)
            network = match.group._network
            day = match.start_date + self.days(0, 4)
            while day < stop:
                present = rng.sample(members, rng.randint(1, min(3, len(members))))
                log = ActivityLog(
                    trajectory=t,
                    date=day,
                    hours=Decimal(rng.choice(["1", "1.5", "2", "2", "3", "4"])),
                    description=rng.choice(ACTIVITY_TEXTS),
                    logged_by_id=present[0].user_id,
                    present_count=len(present),
                )
                domains = goal_domains.get(match.refugee_id) or [self.domains[0].pk]
                chosen = set(rng.sample(domains, rng.randint(1, min(2, len(domains)))))
                logs.append((log, present, chosen, network and rng.random() < 0.2))
                day += self.days(4, 14)
        ActivityLog.objects.bulk_create([log for log, *_ in logs], batch_size=2000)
        for log, present, chosen, introduce in logs:
            present_links += [
                ActivityLog.members_present.through(activitylog_id=log.pk, membership_id=m.pk)
                for m in present
            ]
            domain_links += [
                ActivityLog.life_domains.through(activitylog_id=log.pk, lifedomain_id=d)
                for d in chosen
            ]
            if introduce:
                intros += [
                    NetworkIntroduction(
                        activity=log, kind=rng.choice(NetworkIntroduction.Kind.values)
                    )
                    for _ in range(rng.randint(1, 2))
                ]
        ActivityLog.members_present.through.objects.bulk_create(present_links, batch_size=5000)
        ActivityLog.life_domains.through.objects.bulk_create(domain_links, batch_size=5000)
        NetworkIntroduction.objects.bulk_create(intros, batch_size=2000)


def seed_copy(copy: int, today: datetime.date | None = None) -> dict | None:
    """Build copy `copy` of the programme unless it is already there."""
    name = CITIES[0][0] if copy == 0 else f"Demogemeente {copy * len(CITIES) + 1}"
    if Refugee.objects.filter(municipality__name=name).exists():
        return None
    with transaction.atomic():
        return Seeder(copy, today or timezone.localdate()).seed()


def seed_logins() -> list[tuple[str, str]]:
    """The demo accounts, one per role, with the demo password; made once, kept fresh."""
    cities = {m.name: m for m in Municipality.objects.filter(name__in=[c[0] for c in CITIES])}
    den_haag = cities["Den Haag"]
    # The demo coordinator works for the whole region; the second one only for Utrecht,
    # to show that a coordinator sees their own municipalities only.
    scopes = {
        f"coordinator@{DEMO_DOMAIN}": list(cities.values()),
        f"coordinator.utrecht@{DEMO_DOMAIN}": [cities["Utrecht"]],
    }
    # The demo group member and household share an active Den Haag match: the one they
    # were given before, or the latest whose group has room for one more member.
    active = Match.objects.filter(status="active", refugee__municipality=den_haag).select_related(
        "group", "refugee"
    )
    match = (
        active.filter(group__memberships__user__email=f"groepslid@{DEMO_DOMAIN}").first()
        or active.annotate(members=Count("group__memberships"))
        .filter(members__lt=WelcomeGroup.MAX_MEMBERS, refugee__user=None)
        .order_by("start_date", "pk")
        .last()
    )
    logins = []
    with transaction.atomic():
        for role, email, first, last in DEMO_LOGINS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"first_name": first, "last_name": last}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(AuthGroup.objects.get(name=role))
            if role in (Role.COORDINATOR, Role.ADMINISTRATOR):
                user.is_staff = True
                user.is_superuser = role == Role.ADMINISTRATOR
                user.save(update_fields=["is_staff", "is_superuser"])
            user.municipalities.add(*scopes.get(email, []))
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if (
                role in SECOND_FACTOR_ROLES
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                TOTP.activate(user, DEMO_TOTP_SECRET)
            if role == Role.COMMUNITY_BUILDER:
                WelcomeGroup.objects.filter(municipality=den_haag).update(community_builder=user)
            if (
                role == Role.GROUP_MEMBER
                and match
                and not match.group.memberships.filter(user=user).exists()
            ):
                Membership.objects.filter(group=match.group, is_contact=True).update(
                    is_contact=False
                )
                membership = Membership.objects.create(
                    group=match.group,
                    user=user,
                    is_contact=True,
                    joined_on=match.start_date - datetime.timedelta(days=90),
                    participant_statement_signed_on=match.start_date - datetime.timedelta(days=80),
                    vog_status="valid",
                    vog_valid_until=match.start_date + datetime.timedelta(days=700),
                )
                membership.languages.set(Language.objects.filter(code__in=["nl", "en"]))
            if role == Role.REFUGEE and match and match.refugee.user_id is None:
                Refugee.objects.filter(pk=match.refugee.pk).update(user=user)
            logins.append((Role(role).label, email))
    return logins
