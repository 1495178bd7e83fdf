"""factory_boy factories shared by every test folder."""

import datetime

import factory
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from groups.models import GroupExpertise, Membership, SignUp, WelcomeGroup
from groups.services import CONFIDENTIALITY_VERSION, SIGNUP_PRIVACY_VERSION
from matching.models import ActivityLog, Match
from refugees.models import Consent, HouseholdGoal, HouseholdMember, Refugee
from samenhier.models import Language, LifeDomain, Municipality, PartnerOrganisation, User
from samenhier.roles import SECOND_FACTOR_ROLES, Role
from samenhier.services import role_grant

PASSWORD = "Een-goed-wachtwoord-42"


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partner {n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    partner = factory.SubFactory(PartnerOrganisationFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, role, **kwargs):
        if role:
            role_grant(user=self, role=role)
            if role in SECOND_FACTOR_ROLES:
                # Staff roles must have a second factor; tests compute codes from this.
                self.totp_secret = generate_totp_secret()
                TOTP.activate(self, self.totp_secret)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if extracted:
            self.municipalities.add(*extracted)


def language(code: str) -> Language:
    return Language.objects.get(code=code)


def life_domain(key: str) -> LifeDomain:
    return LifeDomain.objects.get(key=key)


class RefugeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Refugee
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    first_name = factory.Faker("first_name")
    last_name = "Voorbeeld"
    country_of_origin = "Syrië"

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        self.languages.set([language(code) for code in (extracted or ["ar"])])

    @factory.post_generation
    def status_value(self, create, extracted, **kwargs):
        # Tests set a status directly to start from it; the lifecycle is tested through
        # the transition services.
        if extracted:
            Refugee.objects.filter(pk=self.pk).update(status=extracted)
            self.status = extracted


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    refugee = factory.SubFactory(RefugeeFactory)
    subject = Consent.Subject.DATA_PROCESSING


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    refugee = factory.SubFactory(RefugeeFactory)
    first_name = factory.Faker("first_name")
    relation = HouseholdMember.Relation.CHILD
    birth_year = 2018


class HouseholdGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdGoal

    refugee = factory.SubFactory(RefugeeFactory)
    life_domain = factory.LazyFunction(lambda: life_domain("work"))
    description = "Werk vinden"


class SignUpFactory(factory.django.DjangoModelFactory):
    """A resident's sign-up on the public page (the service is tested in
    tests/groups/test_signups.py; figures only need the rows)."""

    class Meta:
        model = SignUp

    first_name = factory.Faker("first_name")
    last_name = "Voorbeeld"
    email = factory.Sequence(lambda n: f"aanmelding{n}@example.org")
    municipality = factory.SubFactory(MunicipalityFactory)
    privacy_version = SIGNUP_PRIVACY_VERSION


class WelcomeGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WelcomeGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Welkomgroep {n}")
    municipality = factory.SubFactory(MunicipalityFactory)

    @factory.post_generation
    def status_value(self, create, extracted, **kwargs):
        if extracted:
            WelcomeGroup.objects.filter(pk=self.pk).update(status=extracted)
            self.status = extracted


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    group = factory.SubFactory(WelcomeGroupFactory)
    user = factory.SubFactory(UserFactory, role=Role.GROUP_MEMBER)
    participant_statement_signed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    vog_status = Membership.VogStatus.VALID
    vog_valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )
    confidentiality_accepted_at = factory.LazyFunction(timezone.now)
    confidentiality_version = CONFIDENTIALITY_VERSION

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        self.languages.set([language(code) for code in (extracted or ["nl"])])


def complete_group(**kwargs) -> WelcomeGroup:
    """A group that meets every readiness condition, still in training."""
    today = timezone.localdate()
    group = WelcomeGroupFactory(
        intake_interview_on=today - datetime.timedelta(days=40),
        start_training_on=today - datetime.timedelta(days=10),
        status_value=kwargs.pop("status_value", WelcomeGroup.Status.TRAINING),
        **kwargs,
    )
    MembershipFactory(group=group, is_contact=True)
    MembershipFactory.create_batch(2, group=group)
    GroupExpertise.objects.create(group=group, life_domain=life_domain("work"), level=3)
    return group


class MatchFactory(factory.django.DjangoModelFactory):
    """A match inserted in the given state (its lifecycle is tested via the services)."""

    class Meta:
        model = Match

    refugee = factory.SubFactory(RefugeeFactory)
    group = factory.SubFactory(
        WelcomeGroupFactory, municipality=factory.SelfAttribute("..refugee.municipality")
    )
    status = Match.Status.PROPOSED
    # A year that started ran in the household's municipality (frozen on the match).
    municipality = factory.LazyAttribute(
        lambda m: m.refugee.municipality if m.status in Match.STARTED else None
    )


class ActivityLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityLog
        skip_postgeneration_save = True

    date = factory.LazyFunction(timezone.localdate)
    hours = 2

    @factory.post_generation
    def life_domains(self, create, extracted, **kwargs):
        self.life_domains.set(extracted or [life_domain("language")])

    @factory.post_generation
    def members_present(self, create, extracted, **kwargs):
        if extracted is not None:
            set_present(self, extracted)

    @factory.post_generation
    def pulse(self, create, extracted, **kwargs):
        # The follow-up board reads the year's pulse, which the service keeps.
        from matching.services.summaries import pulse_refresh

        if create:
            pulse_refresh({self.trajectory_id})


def set_present(log, members) -> None:
    """Who was at an activity, with the count the service keeps on the log."""
    log.members_present.set(members)
    log.present_count = len(set(members))
    log.save(update_fields=["present_count"])


def ready_refugee(**kwargs) -> Refugee:
    """A household ready for matching, waiting since `waiting_days` days ago."""
    waiting_days = kwargs.pop("waiting_days", 60)
    refugee = RefugeeFactory(
        status_value=Refugee.Status.READY,
        waiting_since=timezone.localdate() - datetime.timedelta(days=waiting_days),
        **kwargs,
    )
    ConsentFactory(refugee=refugee)
    return refugee


def ready_group(*, languages=("nl", "ar"), **kwargs) -> WelcomeGroup:
    """A complete group, ready for matching, whose members speak `languages`."""
    group = complete_group(status_value=WelcomeGroup.Status.READY, **kwargs)
    for membership in group.memberships.all():
        membership.languages.set([language(code) for code in languages])
    return group


def active_trajectory(*, municipality, start=None, group=None, refugee=None, by=None):
    """A match that became active (through the services), with its trajectory."""
    from matching.models import Match as MatchModel
    from matching.services.matches import match_transition

    refugee = refugee or ready_refugee(municipality=municipality, languages=["ar"])
    group = group or ready_group(municipality=municipality)
    match = MatchFactory(refugee=refugee, group=group, status=MatchModel.Status.ACCEPTED)
    start = start or timezone.localdate() - datetime.timedelta(days=40)
    match = match_transition(match=match, to=MatchModel.Status.ACTIVE, by=by, on=start)
    return match.trajectory


def answer_check_in(trajectory, milestone: str, score: int):
    """The household's check-in at a milestone, through the service (which keeps the
    year's pulse, read by the follow-up board)."""
    from matching.services.year import check_in_record

    return check_in_record(
        trajectory=trajectory,
        milestone=milestone,
        by=trajectory.match.refugee.user,
        score=score,
        helps="",
        missing="",
    )


def totp_code(secret: str) -> str:
    """The current six-digit code for a TOTP secret (as an authenticator app shows it)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
