"""The follow-up board: every running year in the user's scope with its health signals."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from samenhier.access import role_required
from samenhier.models import Municipality
from samenhier.roles import MANAGING

from ..filters import FollowUpFilter
from ..models import Match
from ..selectors.followup import SIGNALS, signal_counts, with_signals
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
    rows = rows.select_related("match__group", "match__refugee__municipality").only(
        "code",
        "match__start_date",
        "match__planned_end_date",
        "match__group__name",
        "match__refugee__first_name",
        "match__refugee__municipality__name",
    )
    counts = signal_counts(scope)
    paginator = Paginator(rows, 25)
    if not filterset.narrows():
        paginator.count = counts["all"]  # the same rows, already counted with the signals
    page = paginator.get_page(request.GET.get("pagina"))
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
