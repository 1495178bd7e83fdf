"""A page of a list and its number of rows in one query.

Django's Paginator counts the rows (one query) and then reads the page (another). A list
whose every row is costly to find — a coordinator's follow-up board joins each running
year in scope — pays that twice. Here the rows carry their total as a window function
(`count_all`, see matching.selectors.followup.with_signal_counts), so the page's own
query tells how many there are.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

PER_PAGE = 25
MAX_PAGE = 10**9


def with_total(rows: QuerySet) -> QuerySet:
    """The rows, each carrying how many there are in all (`count_all`)."""
    return rows.annotate(count_all=Window(Count("pk")))


def page_of(rows: QuerySet, number, per_page: int = PER_PAGE) -> Page:
    """The page asked for (as `Paginator.get_page`: not a number is the first page, past
    the end the last one) of rows annotated with `count_all`."""
    try:
        # A number past any list is past the end (and fits the database's OFFSET).
        number = min(max(int(number), 1), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    found = list(rows[(number - 1) * per_page : number * per_page])
    if not found and number > 1:  # past the end: the last page
        number = max(-(-rows.count() // per_page), 1)
        found = list(rows[(number - 1) * per_page : number * per_page])
    paginator = Paginator(rows, per_page)
    paginator.count = found[0].count_all if found else 0
    page = paginator.page(number)
    page.object_list = found
    return page
