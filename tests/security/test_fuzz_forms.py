"""Every form fuzzed (hypothesis, 200 examples each): bad input never ends in a 500."""

import string

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .world import world  # noqa: F401 - the shared world fixture

values = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=string.printable, max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.uuids().map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1.5",
            "2099-12-31",
            "=cmd()",
            "<script>",
            "' OR 1=1 --",
            "yes",
            "decline",
            "confirm",
            "quiet",
            "\x00",
            "9" * 400,
        ]
    ),
)


def payload(fields):
    return st.dictionaries(
        st.sampled_from([*fields, "extra", "status", "refugee"]),
        st.one_of(values, st.lists(values, max_size=3)),
        max_size=8,
    )


# (who, how to build the URL from the world, method, the form's own field names)
FORMS = {
    "invite": (
        "coordinator",
        lambda a: reverse("invite"),
        "post",
        ["email", "first_name", "last_name", "role", "municipalities"],
    ),
    "member_invite": (
        "coordinator",
        lambda a: reverse("groups:member_invite", args=[a.group.pk]),
        "post",
        ["email", "first_name", "last_name", "is_contact", "languages"],
    ),
    "account_invite": (
        "coordinator",
        lambda a: reverse("refugees:account_invite", args=[a.refugee.pk]),
        "post",
        ["email", "first_name", "last_name"],
    ),
    "round": ("coordinator", lambda a: reverse("matching:board"), "post", ["municipality"]),
    "decide": (
        "coordinator",
        lambda a: reverse("matching:decide", args=[a.proposal.pk, "override"]),
        "post",
        ["note", "group"],
    ),
    "match_start": (
        "coordinator",
        lambda a: reverse("matching:match_act", args=[a.match.pk, "start"]),
        "post",
        ["start_date"],
    ),
    "end_early": (
        "coordinator",
        lambda a: reverse("matching:end_early", args=[a.match.pk]),
        "post",
        ["reason", "end_date", "note", "household_next", "waiting_since", "group_next"],
    ),
    "evaluate": (
        "member",
        lambda a: reverse("matching:evaluate", args=[a.trajectory.pk, "midterm"]),
        "post",
        ["notes", "exit_plan", "score_language", "score_work"],
    ),
    "goal": (
        "member",
        lambda a: reverse("matching:goal_add", args=[a.trajectory.pk]),
        "post",
        ["life_domain", "description", "status"],
    ),
    "check_in": (
        "refugee",
        lambda a: reverse("matching:check_in", args=[a.trajectory.pk, "introduction"]),
        "post",
        ["score", "helps", "missing"],
    ),
    "activity": (
        "member",
        lambda a: reverse("matching:activity_create", args=[a.trajectory.pk]),
        "post",
        [
            "date",
            "hours",
            "life_domains",
            "members_present",
            "description",
            "intro_employer",
            "intro_club",
        ],
    ),
    "followup": (
        "coordinator",
        lambda a: reverse("matching:followup"),
        "get",
        ["q", "municipality", "signal", "order", "pagina"],
    ),
    "handprint": (
        "coordinator",
        lambda a: reverse("impact:handprint"),
        "get",
        ["van", "tot", "gemeente", "sdg"],
    ),
    "exports": (
        "coordinator",
        lambda a: reverse("impact:exports"),
        "post",
        ["format", "van", "tot", "gemeente"],
    ),
    "confidentiality": (
        "member",
        lambda a: reverse("groups:confidentiality", args=[a.group.pk]),
        "post",
        ["accept", "next"],
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_form_input_ends_in_a_server_error(client, world, form):  # noqa: F811
    a, _b, users = world
    who, url_for, method, fields = FORMS[form]
    user = {
        "coordinator": users["coordinator"],
        "member": users["own_member"],
        "refugee": users["refugee_self"],
    }[who]
    client.force_login(user)
    url = url_for(a)

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=payload(fields))
    def fuzz(data):
        response = getattr(client, method)(url, data)
        assert response.status_code < 500, (data, response.status_code)

    fuzz()
