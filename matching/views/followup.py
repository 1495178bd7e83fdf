"""The follow-up board: every running year in the user's scope with its health signals."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from groups.models import WelcomeGroup
from refugees.models import Refugee
from samenhier.access import role_required
from samenhier.models import Municipality
from samenhier.paging import page_of, with_total
from samenhier.roles import MANAGING

from ..filters import FollowUpFilter
from ..models import Match
from ..selectors.followup import (
    SIGNALS,
    counts_of,
    signal_counts,
    with_signal_counts,
    with_signals,
)
from ..selectors.year import trajectories_managed_by


@role_required(*MANAGING)
def followup(request):
    """Every trajectory in the user's scope with its health signals, to act on in time."""
    scope = with_signals(
        trajectories_managed_by(request.user).filter(match__status=Match.Status.ACTIVE)
    )
    municipalities = Municipality.objects.filter(pk__in=request.user.municipality_ids)
    filterset = FollowUpFilter(request.GET or None, queryset=scope, municipalities=municipalities)
    filtered = filterset.is_bound and filterset.is_valid()
    rows = filterset.qs if filtered else scope
    if not request.GET.get("order"):
        rows = rows.order_by("quiet_since", "match__start_date")
    # The group and household of the page's rows only, read after the page is cut: joined
    # into the page's query, every year in scope would be joined to them first.
    rows = (
        rows.select_related("match")
        .only(
            "code", "match__start_date", "match__planned_end_date", "match__group", "match__refugee"
        )
        .prefetch_related(
            Prefetch("match__group", queryset=WelcomeGroup.objects.only("name")),
            Prefetch(
                "match__refugee",
                queryset=Refugee.objects.select_related("municipality").only(
                    "first_name", "municipality__name"
                ),
            ),
        )
    )
    if filterset.narrows():
        # The counts are of the whole scope, the page of the rows the filters leave.
        counts = signal_counts(scope)
        page = page_of(with_total(rows), request.GET.get("pagina"))
    else:
        page = page_of(with_signal_counts(rows), request.GET.get("pagina"))
        counts = counts_of(page)
    today = timezone.localdate()
    for t in page:
        t.quiet_days = (today - t.quiet_since).days
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "matching/followup.html",
        {
            "filter": filterset,
            "page": page,
            "counts": counts,
            "signals": SIGNALS,
            "query": query.urlencode(),
        },
    )
