"""Which matching policy applies: the partner organisation's own, else the national one."""

from matching.engine import DEFAULT_WEIGHTS
from matching.models import MatchingPolicy

from ..factories import MunicipalityFactory


def test_the_partners_own_policy_wins_over_the_national_default(db):
    # SQLite sorts NULL first, PostgreSQL last: the lookup must not depend on that.
    place = MunicipalityFactory()
    MatchingPolicy.objects.update_or_create(partner=None, defaults={"language": 1})
    MatchingPolicy.objects.create(partner=place.partner, language=7)
    assert MatchingPolicy.for_municipality(place).language == 7


def test_without_policies_the_engines_defaults_apply(db):
    MatchingPolicy.objects.all().delete()
    policy = MatchingPolicy.for_municipality(MunicipalityFactory())
    assert policy.pk is None
    assert {name: getattr(policy, name) for name in MatchingPolicy.WEIGHTS} == dict(DEFAULT_WEIGHTS)
