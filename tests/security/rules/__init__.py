"""The programme's rules of who may do what, written out by hand, as data.

The source is the programme's own description of its people and lifecycles
(docs/architecture.md, "Who may do what", "Lifecycles" and "Privacy"), never the code:
nothing here reads a view's roles or the app's role sets, so widening a view does not
widen this table. `test_rules.py` runs every row as every role on every object it names.

One row per URL name and method, and per POST action (`action`). For each row:
- `roles`: who the programme lets use it at all (anyone else gets 403);
- `targets`: the objects it is tried on: "A" (city A's, the own city's), "B" (city B's),
  "page" (a page without an object), "staff" (programme staff's own report file),
  "A+B" (city A's proposal with city B's group chosen instead);
- `reach`: which of those objects each allowed role may act on; by default its own
  city's (an administrator: both cities'). An allowed role on an object out of reach
  gets `outside` (404 unless the row says otherwise);
- what an allowed role on an object in reach gets: `ok` (a status for a GET, or
  CARRIED_OUT for a POST: not refused, no server error), unless `refused` says the state
  of the object refuses it even then;
- `effect`: for a POST someone may carry out, the change it makes, read from the
  database before and after (the match completed, one more log by the poster, ...);
- `public`: a page everyone gets the same answer from, signed in or not.

An anonymous visitor is sent to the login page (LOGIN) from every page that is not
public. A POST that is refused, in whatever way (403, 404, 405, to the login page, a form
sent back with an error, a redirect with a message), changes no row of any table.
"""

import re

from .accounts import ACCOUNTS
from .admin_site import ADMIN
from .base import (  # noqa: F401 - the names the tests use
    CARRIED_OUT,
    LOGIN,
    MEMBERS,
    NARROWED,
    ROLES,
    Rule,
)
from .matching import MATCHING
from .people import PEOPLE
from .recruitment import RECRUITMENT
from .year import YEAR

RULES: list[Rule] = PEOPLE + ACCOUNTS + MATCHING + YEAR + RECRUITMENT + ADMIN

# The admin's pages the table must have a row for: its home and every list (a model
# registered without a row fails). Its other pages are tested elsewhere (NOT_IN_TABLE).
ADMIN_IN_TABLE = re.compile(r"^admin:(index|\w+_changelist)$")
NOT_IN_TABLE = {
    "admin/": "the admin's pages other than its home and lists (adding, deleting, history, "
    "its own sign-in and password pages, autocomplete, the import's steps): model "
    "permissions and municipality scoping (tests/samenhier/test_admin.py). The change "
    "pages of the records coordinators keep have rows too (admin_site.py).",
}


def pages_reached(role: str, target: str = "A") -> list[tuple[Rule, str]]:
    """The GET rows of the plain world (no state) where `role` gets a page or a
    redirect on `target` (or on a page without an object), not as a refusal (the admin
    sends whoever does not work there to its sign-in page): what the sentinel test
    opens."""
    pages = []
    for rule in RULES:
        if rule.method != "GET" or rule.state or rule.public is not None:
            continue
        where = "page" if rule.targets == ("page",) else target
        if (
            where in rule.targets
            and role in rule.roles
            and rule.expected(role, where) in (200, 302)
        ):
            pages.append((rule, where))
    return pages
