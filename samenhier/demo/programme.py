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
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from groups.models import GroupExpertise, Membership, WelcomeGroup
from groups.services import CONFIDENTIALITY_VERSION
from matching.models import (
    Match,
    Trajectory,
    Veto,
)
from matching.services.year import planned_end
from refugees.models import (
    Consent,
    HouseholdGoal,
    HouseholdMember,
    HouseholdPreference,
    Refugee,
)
from samenhier.demo.plan import MatchPlan, plan_copy, reception_days
from samenhier.demo.words import (
    CHILD_FIRST,
    CITIES,
    COUNTRIES,
    DEMO_DOMAIN,
    GOAL_TEXTS,
    HOUSEHOLD_FIRST,
    HOUSEHOLD_LANGS,
    HOUSEHOLD_LAST,
    MEMBER_FIRST,
    MEMBER_LAST,
)
from samenhier.demo.year import YearSeeder
from samenhier.models import (
    Interest,
    Language,
    LifeDomain,
    Municipality,
    PartnerOrganisation,
    User,
)
from samenhier.roles import Role
from samenhier.services import roles_grant


class Seeder(YearSeeder):
    """Builds one copy of the demo programme with bulk inserts."""

    def __init__(self, copy: int, today: datetime.date):
        self.copy = copy
        self.today = today
        self.rng = random.Random(f"samenhier-demo-{copy}")
        self.langs = {lang.code: lang for lang in Language.objects.all()}
        self.domains = list(LifeDomain.objects.all())
        self.interests = list(Interest.objects.all())
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
        # A year that ended early because the household left: it withdrew; any other early
        # end: it waits for a new group (rematched; docs/architecture.md, "Lifecycles").
        left = plan.end_reason in ("household_moved", "household_stopped")
        status = plan.refugee_status or {
            "completed": "completed",
            "ended_early": "withdrawn" if left else "ready",
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
        refugee._rematched = plan.status == "ended_early" and not left
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
            municipality_id=refugee.municipality_id if plan.start else None,
            waited_days=(plan.start - refugee.waiting_since).days if plan.start else None,
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
        # A household waiting again after an early end is not proposed to its old group.
        Veto.objects.bulk_create(
            Veto(
                refugee=m.refugee,
                group=m.group,
                reason="Hun jaar stopte eerder (demo).",
                by=None,
            )
            for m in matches
            if getattr(m.refugee, "_rematched", False) and m.status == "ended_early"
        )
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
                        confidentiality_version=CONFIDENTIALITY_VERSION if vog_ok else "",
                    )
                )
        User.objects.bulk_create(users)
        for membership, user in zip(memberships, users, strict=True):
            membership.user = user
        Membership.objects.bulk_create(memberships)
        roles_grant(users=users, role=Role.GROUP_MEMBER)
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


def seed_copy(copy: int, today: datetime.date | None = None) -> dict | None:
    """Build copy `copy` of the programme unless it is already there."""
    name = CITIES[0][0] if copy == 0 else f"Demogemeente {copy * len(CITIES) + 1}"
    if Refugee.objects.filter(municipality__name=name).exists():
        return None
    with transaction.atomic():
        return Seeder(copy, today or timezone.localdate()).seed()
