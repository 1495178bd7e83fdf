"""Rows for the year, the old addresses and the aggregated figures."""

from .base import (
    FIGURES_OF,
    FOLLOW_UP,
    HOUSEHOLDS,
    JOB_OWNERS,
    MEMBERS,
    OWN_YEAR_ENDED,
    REPORTS,
    Rule,
    _activity,
    _goal,
    _job,
    _moved,
    _year,
    becomes,
    evaluated,
    get,
    grows,
    post,
)


def _logs_by(w, t, role):
    """The year's logs that the poster wrote, with the description the POST sends."""
    return (
        w.city(t)
        .trajectory.activities.filter(
            logged_by=w.users[role], description="Samen naar de bibliotheek"
        )
        .count()
    )


def _activity_description(w, t, role):
    activity = w.city(t).activity
    return type(activity).objects.get(pk=activity.pk).description


def _goals(w, t, role):
    return w.city(t).trajectory.goals.filter(description="Taalcursus").count()


def _goal_description(w, t, role):
    goal = w.city(t).goal
    return type(goal).objects.get(pk=goal.pk).description


def _answered(w, t, role):
    from matching.models import CheckIn

    return CheckIn.objects.filter(
        trajectory=w.city(t).trajectory, milestone="introduction", helps="De taalles"
    ).exists()


def _jobs_of(w, t, role):
    from impact.models import ExportJob

    return ExportJob.objects.filter(requested_by=w.users[role]).count()


# Each evaluation moment of the year, with the group's part the POST sends: notes, a
# self-reliance score where the moment scores, the exit plan at the midterm.
EVALUATIONS = {
    "introduction": {"notes": "De kennismaking ging goed", "score_language": "3"},
    "check_in": {"notes": "Na drie maanden gaat het goed"},
    "midterm": {
        "notes": "Halverwege: de taal gaat vooruit",
        "score_language": "3",
        "exit_plan": "We bouwen af naar eens per maand",
    },
    "final": {"notes": "Een mooi jaar samen", "score_language": "4"},
}


def _evaluate(kind):
    return lambda w, t: [w.city(t).trajectory.pk, kind]


YEAR: list[Rule] = [
    # -- the year -----------------------------------------------------------------------
    get(
        "matching:followup",
        "The follow-up board: coordinators, community builders, administrators.",
        roles=FOLLOW_UP,
        targets=("page",),
    ),
    get(
        "matching:trajectory",
        "A year's page (the household's check-ins included): its coordinators, the group's "
        "community builder, administrators; never the group's members.",
        roles=FOLLOW_UP,
        args=_year,
    ),
    get(
        "matching:activity_list",
        "The group's logs: its members while the year runs, and those who follow it.",
        roles=MEMBERS | FOLLOW_UP,
        args=_year,
    ),
    get(
        "matching:activity_create",
        "Logging an activity is the group's own record: its members, while the year runs.",
        roles=MEMBERS,
        args=_year,
    ),
    post(
        "matching:activity_create",
        "log an activity",
        "As the page; no member action changes a status of the year.",
        roles=MEMBERS,
        args=_year,
        data=_activity,
        effect=grows("one more log of the year by the poster", _logs_by),
    ),
    get(
        "matching:activity_edit",
        "Correcting a log is the group's own: its members, while the year runs.",
        roles=MEMBERS,
        args=lambda w, t: [w.city(t).activity.code],
    ),
    post(
        "matching:activity_edit",
        "correct a log",
        "As the page.",
        roles=MEMBERS,
        args=lambda w, t: [w.city(t).activity.code],
        data=_activity,
        effect=becomes(
            "the log's new description", _activity_description, "Samen naar de bibliotheek"
        ),
    ),
    get(
        "matching:evaluate",
        "Evaluations: the group's members record the group's part while the year runs; "
        "its coordinators, community builder and administrators too.",
        roles=MEMBERS | FOLLOW_UP,
        args=lambda w, t: [w.city(t).trajectory.pk, "introduction"],
    ),
    *(
        post(
            "matching:evaluate",
            f"evaluate the {kind}",
            "Each moment of the year: the group's members record the group's part, and so "
            "may those who follow the year; an evaluation never changes a status (the "
            "final one does not complete the year).",
            roles=MEMBERS | FOLLOW_UP,
            args=_evaluate(kind),
            data=lambda w, t, role, data=data: data,
            effect=evaluated(kind, data["notes"]),
        )
        for kind, data in EVALUATIONS.items()
    ),
    post(
        "matching:evaluate",
        "evaluate the final",
        "In month 11, when the year could be completed, the final evaluation still "
        "completes nothing: that is the coordinator's own action.",
        roles=MEMBERS | FOLLOW_UP,
        args=_evaluate("final"),
        data=lambda w, t, role: EVALUATIONS["final"],
        effect=evaluated("final", EVALUATIONS["final"]["notes"]),
        state="years_in_month_11",
    ),
    get(
        "matching:goal_add",
        "The year's action plan: as the evaluations.",
        roles=MEMBERS | FOLLOW_UP,
        args=_year,
    ),
    post(
        "matching:goal_add",
        "add a goal",
        "As the page.",
        roles=MEMBERS | FOLLOW_UP,
        args=_year,
        data=_goal,
        effect=grows("one more goal in the action plan", _goals),
    ),
    get(
        "matching:goal_edit",
        "As the action plan.",
        roles=MEMBERS | FOLLOW_UP,
        args=lambda w, t: [w.city(t).trajectory.pk, w.city(t).goal.pk],
    ),
    post(
        "matching:goal_edit",
        "change a goal",
        "As the page.",
        roles=MEMBERS | FOLLOW_UP,
        args=lambda w, t: [w.city(t).trajectory.pk, w.city(t).goal.pk],
        data=_goal,
        effect=becomes("the goal's new description", _goal_description, "Taalcursus"),
    ),
    get(
        "matching:check_in",
        "A check-in is the household's own answer, on its own year only.",
        roles=HOUSEHOLDS,
        args=lambda w, t: [w.city(t).trajectory.pk, "introduction"],
    ),
    post(
        "matching:check_in",
        "answer",
        "As the page.",
        roles=HOUSEHOLDS,
        args=lambda w, t: [w.city(t).trajectory.pk, "introduction"],
        data=lambda w, t, role: {"score": "4", "helps": "De taalles", "missing": "Werk"},
        effect=becomes("the household's answer kept", _answered, True),
    ),
    # When the year has ended, its pages are no longer the group's ("their own running
    # year"); those who follow it still see them.
    *(
        get(
            url,
            "Once the year ended (early), the group's members no longer reach its pages.",
            roles=roles,
            args=args,
            reach=OWN_YEAR_ENDED,
            state="year_of_A_ended_early",
        )
        for url, roles, args in (
            ("matching:activity_create", MEMBERS, _year),
            ("matching:activity_list", MEMBERS | FOLLOW_UP, _year),
            (
                "matching:evaluate",
                MEMBERS | FOLLOW_UP,
                lambda w, t: [w.city(t).trajectory.pk, "final"],
            ),
            ("matching:goal_add", MEMBERS | FOLLOW_UP, _year),
        )
    ),
    # -- old addresses: a permanent redirect for anyone -------------------------------------
    get(
        "matching:old_followup",
        "Public: says only where the page moved to.",
        targets=("page",),
        public=301,
        location=_moved("matching:followup"),
    ),
    get(
        "matching:old_trajectory",
        "Public: says only where the page moved to.",
        args=_year,
        targets=("A",),
        public=301,
        location=_moved("matching:trajectory", _year),
    ),
    get(
        "matching:old_activity",
        "Public: says only where the page moved to.",
        args=_year,
        targets=("A",),
        public=301,
        location=_moved("matching:activity_create", _year),
    ),
    get(
        "matching:old_activity_edit",
        "Public: says only where the page moved to.",
        args=lambda w, t: [w.city(t).activity.code],
        targets=("A",),
        public=301,
        location=_moved("matching:activity_edit", lambda w, t: [w.city(t).activity.code]),
    ),
    # -- impact: aggregated figures ---------------------------------------------------------
    get(
        "impact:handprint",
        "The figures: programme staff, coordinators, administrators (no personal record).",
        roles=REPORTS,
        targets=("page",),
    ),
    get(
        "impact:dashboard",
        "As the Social Handprint.",
        roles=REPORTS,
        targets=("page",),
    ),
    get(
        "impact:indicator",
        "What stands behind a figure: counts and shares only, as the figures.",
        roles=REPORTS,
        args=lambda w, t: ["reception_days"],
        targets=("page",),
    ),
    get(
        "impact:method",
        "How the figures are counted: for those who see the figures.",
        roles=REPORTS,
        targets=("page",),
    ),
    get(
        "impact:completeness",
        "How complete the data is per municipality: as the figures (a coordinator sees "
        "their own municipalities).",
        roles=REPORTS,
        targets=("page",),
    ),
    get(
        "impact:recruitment",
        "From sign-up to a completed year per municipality: counts, shares and days only, "
        "as the figures (a coordinator sees their own municipalities).",
        roles=REPORTS,
        targets=("page",),
    ),
    get(
        "impact:exports",
        "Report files: as the figures.",
        roles=REPORTS,
        targets=("page",),
    ),
    post(
        "impact:exports",
        "ask for a report of a municipality",
        "Staff and administrators report on any municipality, a coordinator on their own: "
        "asked for another one, no report is made (the page asks for a valid choice).",
        roles=REPORTS,
        query=lambda w, t: f"gemeente={w.city(t).municipality.pk}",
        data=lambda w, t, role: {"format": "csv"},
        reach=FIGURES_OF | {"administrator": frozenset({"A", "B"})},
        outside=200,
        effect=grows("one more report file asked for by the poster", _jobs_of),
    ),
    get(
        "impact:export_status",
        "A report file is only for the person who asked for it: others who see reports "
        "get 404 (administrators too), the rest 403.",
        roles=REPORTS,
        args=_job,
        targets=("A", "B", "staff"),
        reach=JOB_OWNERS,
    ),
    get(
        "impact:export_download",
        "As the file's status.",
        roles=REPORTS,
        args=_job,
        targets=("A", "B", "staff"),
        reach=JOB_OWNERS,
    ),
]
