"""The retention job: a household's personal data is erased a set time (default 24
months) after its trajectory ended or it withdrew; a sign-up that did not become a group,
12 months after it was made. Impact figures stay identical: they
rest on dates, statuses and the household size frozen on the match."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone

from groups.services import signups_erase_old
from refugees.models import Refugee
from samenhier.privacy import household_erase

from .models import Match


def due_for_erasure(today: datetime.date | None = None) -> list:
    """Households not yet erased whose year ended, or who withdrew, before the cut-off."""
    today = today or timezone.localdate()
    cutoff = today - relativedelta(months=settings.SAMENHIER_RETENTION_MONTHS)
    finished = Refugee.objects.filter(
        erased_at=None, status__in=[Refugee.Status.COMPLETED, Refugee.Status.WITHDRAWN]
    )
    ended = finished.annotate(
        last_end=Max("matches__actual_end_date", filter=Q(matches__status__in=Match.STARTED)),
        left_on=Max(
            "status_changes__at",
            filter=Q(status_changes__new__in=[Refugee.Status.COMPLETED, Refugee.Status.WITHDRAWN]),
        ),
    )
    due = []
    for code, last_end, left_on in ended.values_list("code", "last_end", "left_on"):
        moment = last_end or (timezone.localtime(left_on).date() if left_on else None)
        if moment is not None and moment <= cutoff:
            due.append(code)
    return due


def retention_run(today: datetime.date | None = None) -> int:
    """Erase every household that is due, and the sign-ups that did not become a group
    within 12 months. Running it again erases nobody twice."""
    due = due_for_erasure(today)
    for code in due:
        household_erase(refugee_code=code, action="retention")
    return len(due) + signups_erase_old(today)
