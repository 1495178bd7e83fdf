"""A household moves intake → ready → matched → completed | withdrawn, and no other way."""

import pytest
from django.db import IntegrityError

from refugees.models import Consent, HouseholdGoal, Refugee
from refugees.services import refugee_transition

from ..factories import ConsentFactory, RefugeeFactory, life_domain
from ..helpers import refused

S = Refugee.Status


def test_it_makes_a_household_ready_with_consent(coordinator, refugee):
    ConsentFactory(refugee=refugee)
    refugee_transition(refugee=refugee, to=S.READY, by=coordinator, note="intake rond")
    refugee.refresh_from_db()
    assert refugee.status == S.READY
    change = refugee.status_changes.get()
    assert (change.old, change.new, change.by, change.note) == (
        "intake",
        "ready",
        coordinator,
        "intake rond",
    )


def test_it_refuses_ready_without_consent(coordinator, refugee):
    with refused("consent_missing"):
        refugee_transition(refugee=refugee, to=S.READY, by=coordinator)
    refugee.refresh_from_db()
    assert refugee.status == S.INTAKE
    assert not refugee.status_changes.exists()


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.INTAKE, S.MATCHED),
        (S.INTAKE, S.COMPLETED),
        (S.READY, S.INTAKE),
        (S.MATCHED, S.INTAKE),  # back to ready after an early end, never to intake
        (S.COMPLETED, S.READY),
        (S.WITHDRAWN, S.READY),
        (S.COMPLETED, S.WITHDRAWN),
    ],
)
def test_it_refuses_a_change_outside_the_lifecycle(coordinator, municipality, start, to):
    refugee = RefugeeFactory(municipality=municipality, status_value=start)
    with refused("transition_not_allowed"):
        refugee_transition(refugee=refugee, to=to, by=coordinator)
    refugee.refresh_from_db()
    assert refugee.status == start


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.INTAKE, S.WITHDRAWN),
        (S.READY, S.MATCHED),
        (S.READY, S.WITHDRAWN),
        (S.MATCHED, S.COMPLETED),
        (S.MATCHED, S.WITHDRAWN),
    ],
)
def test_it_allows_each_arrow_of_the_lifecycle(coordinator, municipality, start, to):
    refugee = RefugeeFactory(municipality=municipality, status_value=start)
    refugee_transition(refugee=refugee, to=to, by=coordinator)
    refugee.refresh_from_db()
    assert refugee.status == to


def test_it_allows_one_goal_per_life_domain(refugee):
    HouseholdGoal.objects.create(refugee=refugee, life_domain=life_domain("work"), description="a")
    with pytest.raises(IntegrityError):
        HouseholdGoal.objects.create(
            refugee=refugee, life_domain=life_domain("work"), description="b"
        )


def test_it_allows_one_active_consent_per_subject(refugee):
    ConsentFactory(refugee=refugee)
    with pytest.raises(IntegrityError):
        Consent.objects.create(refugee=refugee, subject=Consent.Subject.DATA_PROCESSING)


def test_it_uses_a_random_code_as_the_key(refugee):
    assert len(str(refugee.pk)) == 36
