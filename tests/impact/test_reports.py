"""The Social Handprint page, the dashboards, the exports and the impact_report command."""

import datetime
import io
import json
import re
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from impact.exports import file_bytes, safe_cell
from impact.models import ExportChunk, ExportJob
from impact.services import export_run, exports_expire
from matching.services.activities import activity_log_save
from refugees.models import Refugee

from ..factories import (
    ActivityLogFactory,
    HouseholdMemberFactory,
    MembershipFactory,
    active_trajectory,
    life_domain,
    ready_refugee,
)


def household(municipality, *, persons):
    refugee = ready_refugee(municipality=municipality)
    HouseholdMemberFactory.create_batch(persons - 1, refugee=refugee)
    return refugee


@pytest.fixture
def programme(municipality, other_municipality):
    """Two cities; in Den Haag a year of 6 persons, in Utrecht one of 2."""
    today = datetime.date.today()
    own = active_trajectory(
        municipality=municipality,
        start=today - datetime.timedelta(days=100),
        refugee=household(municipality, persons=6),
    )
    other = active_trajectory(
        municipality=other_municipality,
        start=today - datetime.timedelta(days=50),
        refugee=household(other_municipality, persons=2),
    )
    member = MembershipFactory(group=own.match.group)
    activity_log_save(
        trajectory=own,
        by=member.user,
        date=today - datetime.timedelta(days=3),
        hours=Decimal("2"),
        life_domains=[life_domain("work")],
        members_present=[member],
        introductions={"employer": 1},
    )
    return own, other


def test_staff_sees_the_handprint_for_every_city(client, staff, programme):
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"))
    assert response.status_code == 200
    figures = response.context["report"].figures
    assert figures["reception_days"] == 6 * 100 + 2 * 50
    html = response.content.decode()
    assert "Vluchtelingenopvang" in html
    assert 'id="wheel-data"' in html  # the chart's data, through json_script
    assert "<script>" not in html.replace('<script id="wheel-data" type="application/json">', "")


def test_choosing_an_sdg_shows_its_indicators_and_activities(client, staff, programme):
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"), {"sdg": "8"})
    assert response.context["chosen"] == 8
    assert [c["indicator"].key for c in response.context["chosen_cards"]] == ["introductions"]
    domains = {row["domain"].key: row["activities"] for row in response.context["chosen_domains"]}
    assert {key: cell.value for key, cell in domains.items()} == {"work": 1}
    assert str(domains["work"]) == "<5"  # one activity of one volunteer: a small cell


def test_a_coordinator_sees_only_their_city(client, coordinator, programme, other_municipality):
    client.force_login(coordinator)
    response = client.get(reverse("impact:handprint"))
    assert response.context["report"].figures["reception_days"] == 600
    # Asking for another city changes nothing: it is not among the choices.
    response = client.get(reverse("impact:handprint"), {"gemeente": other_municipality.pk})
    assert response.context["report"].figures["reception_days"] == 600


def test_the_period_and_municipality_are_in_the_url(client, staff, programme, municipality):
    client.force_login(staff)
    today = datetime.date.today()
    response = client.get(
        reverse("impact:dashboard"),
        {
            "van": (today - datetime.timedelta(days=10)).isoformat(),
            "tot": (today - datetime.timedelta(days=1)).isoformat(),
            "gemeente": municipality.pk,
        },
    )
    assert response.status_code == 200
    rows = response.context["per_place"]
    assert [r["municipality"] for r in rows] == ["Den Haag"]
    assert str(rows[0]["reception_days"]) == str(6 * 10)


def test_a_bad_period_gets_a_message(client, staff, programme):
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"), {"van": "2026-05-01", "tot": "2026-01-01"})
    assert response.status_code == 200
    assert "einddatum ligt voor de begindatum" in response.content.decode()


@pytest.mark.parametrize("name", ["impact:handprint", "impact:dashboard", "impact:exports"])
@pytest.mark.parametrize("role_fixture", ["group_member", "refugee_user", "community_builder"])
def test_group_members_and_households_are_refused(client, request, name, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["impact:handprint", "impact:dashboard"])
def test_the_pages_keep_their_queries_fixed(
    client, staff, programme, municipality, name, django_assert_max_num_queries
):
    for _ in range(10):
        t = active_trajectory(municipality=municipality)
        ActivityLogFactory(trajectory=t, members_present=[t.match.group.memberships.first()])
    client.force_login(staff)
    with django_assert_max_num_queries(29):
        assert client.get(reverse(name)).status_code == 200


def request_export(client, user, fmt, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:exports"), {"format": fmt})
    assert response.status_code == 302
    return ExportJob.objects.filter(requested_by=user).latest("created_at")


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf", "handprint"])
def test_staff_exports_each_format(
    client, staff, programme, fmt, django_capture_on_commit_callbacks, settings, tmp_path
):
    job = request_export(client, staff, fmt, django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.DONE
    response = client.get(reverse("impact:export_download", args=[job.code]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body[:4] in (b"%PDF", b"PK\x03\x04", b"\xef\xbb\xbfS")


def test_the_xlsx_holds_the_figures_and_suppresses_small_cells(
    client, staff, programme, django_capture_on_commit_callbacks, settings, tmp_path
):
    job = request_export(client, staff, "xlsx", django_capture_on_commit_callbacks)
    book = openpyxl.load_workbook(io.BytesIO(file_bytes(job)))
    rows = {r[0]: r for r in book["Indicatoren"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Vluchtelingenopvang"][2] == 700  # rests on 8 persons: shown
    # Volunteer figures rest on 4 members present (fewer than 5): shown as <5.
    assert rows["Actieve vrijwilligers"][2] == "<5"
    assert rows["Vrijwillige inzet"][2] == "<5"
    assert "Social Handprint" in book.sheetnames


def test_a_download_is_only_for_the_requester(
    client, staff, programme, coordinator, django_capture_on_commit_callbacks, settings, tmp_path
):
    job = request_export(client, staff, "csv", django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    assert client.get(reverse("impact:export_download", args=[job.code])).status_code == 404
    assert client.get(reverse("impact:export_status", args=[job.code])).status_code == 404


def test_a_job_runs_once_and_files_expire_after_7_days(
    client, staff, programme, django_capture_on_commit_callbacks, settings, tmp_path
):
    job = request_export(client, staff, "csv", django_capture_on_commit_callbacks)
    assert export_run(job_id=job.pk) is False  # already done: nothing happens twice
    assert ExportChunk.objects.filter(job=job).count() == 1
    ExportJob.objects.filter(pk=job.pk).update(
        finished_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    assert exports_expire() == 1
    assert not ExportChunk.objects.filter(job=job).exists()
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.EXPIRED


def test_staff_cannot_ask_for_the_activity_list(
    client, staff, programme, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    client.post(reverse("impact:exports"), {"format": "activities"})
    assert not ExportJob.objects.exists()


def test_the_activity_list_has_no_personal_data(
    client, coordinator, programme, django_capture_on_commit_callbacks, settings, tmp_path
):
    own, _other = programme
    job = request_export(client, coordinator, "activities", django_capture_on_commit_callbacks)
    text = file_bytes(job).decode("utf-8-sig")
    assert text.splitlines()[1].startswith(datetime.date.today().isoformat()[:4])
    assert "work" in text
    assert own.match.refugee.first_name not in text


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+31 6", "'+31 6"),
        ("-cmd", "'-cmd"),
        ("@x", "'@x"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=HYPERLINK()", "'\r=HYPERLINK()"),
        ("-1.5", "-1.5"),
        ("Den Haag", "Den Haag"),
        (12, 12),
    ],
)
def test_cells_that_look_like_formulas_are_escaped(value, escaped):
    assert safe_cell(value) == escaped


def test_the_command_prints_every_indicator_as_json(programme):
    out = StringIO()
    today = datetime.date.today()
    call_command(
        "impact_report",
        "--from",
        (today - datetime.timedelta(days=200)).isoformat(),
        "--to",
        (today + datetime.timedelta(days=1)).isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    indicators = report["indicators"]
    assert indicators["reception_days"]["value"] == 700
    assert indicators["reception_days"]["unit"] == "dagen"
    assert indicators["reception_days"]["name_en"]
    assert set(indicators) >= {
        "refugees_supported",
        "new_matches",
        "active_groups",
        "active_volunteers",
        "volunteer_hours",
        "network_involvement",
        "introductions",
        "self_reliance_gain",
        "activities",
        "municipalities_active",
    }


def test_the_commands_json_hides_small_cells_unless_asked_for_exact_figures(programme):
    def utrecht(*extra):
        out = StringIO()
        call_command(
            "impact_report",
            *("--from", "2020-01-01", "--to", "2030-01-01", "--municipality", "Utrecht"),
            *extra,
            stdout=out,
        )
        return json.loads(out.getvalue())["indicators"]["refugees_supported"]["value"]

    assert utrecht() == "<5"  # 2 persons in Utrecht
    assert utrecht("--exact") == 2


def test_the_command_writes_an_xlsx_for_one_municipality(programme, tmp_path):
    target = tmp_path / "r.xlsx"
    call_command(
        "impact_report",
        "--from",
        "2020-01-01",
        "--to",
        "2030-01-01",
        "--municipality",
        "utrecht",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stderr=StringIO(),
    )
    rows = {
        r[0]: r
        for r in openpyxl.load_workbook(target)["Indicatoren"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert rows["Vluchtelingenopvang"][2] == "<5"  # 2 persons in Utrecht


def test_a_report_names_the_last_day_it_counts_and_keeps_the_chosen_period(
    client, staff, programme, django_capture_on_commit_callbacks
):
    """A period through 30 October says "t/m 30 oktober" in the list and the file
    name, never the first day after it; the page comes back with the dates chosen."""
    client.force_login(staff)
    url = reverse("impact:exports") + "?van=2026-01-01&tot=2026-10-30"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"format": "csv"}, follow=True)
    html = response.content.decode()
    assert "1 januari 2026 t/m 30 oktober 2026" in html
    assert "31 oktober 2026" not in html
    assert 'name="van" id="id_van" value="2026-01-01"' in html
    assert 'name="tot" id="id_tot" value="2026-10-30"' in html
    job = ExportJob.objects.get(requested_by=staff)
    download = client.get(reverse("impact:export_download", args=[job.code]))
    assert (
        'filename="samenhier-csv-2026-01-01-tm-2026-10-30.csv"' in (download["Content-Disposition"])
    )


def test_sdg_10_stands_apart_and_each_share_is_of_all_hours(client, staff, programme):
    """One activity of 2 hours in "werk": SDG 10 and SDG 8 each hold all 2 hours
    (100%); the wheel divides the hours among the SDGs of the life domains only."""
    client.force_login(staff)
    response = client.get(reverse("impact:handprint"))
    shares = {row["sdg"]: row["share"].value for row in response.context["sdg_rows"]}
    assert shares[10] == 100.0
    assert shares[8] == 100.0
    assert shares[3] == 0.0
    wheel = response.context["wheel"]
    assert not any(label.startswith("SDG 10") for label in wheel["labels"])
    html = response.content.decode()
    assert "de aandelen samen zijn meer dan 100%" in html
    assert "Aandeel van alle uren" in html


def test_the_running_month_is_marked_as_not_over_and_the_axes_are_named(client, staff, programme):
    client.force_login(staff)
    response = client.get(reverse("impact:dashboard"))
    months = response.context["months"]
    assert months[-1]["partial"] is True  # today's month has not ended
    assert not any(row["partial"] for row in months[:-1])
    trend = response.context["trend"]
    assert trend["partial"][-1] is True
    assert trend["labels"][-1].endswith(" *")
    assert trend["xTitle"]
    assert trend["yTitle"]
    assert "loopt nog" in response.content.decode()
    # A period that ended last month has no running month.
    last_month_end = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    response = client.get(
        reverse("impact:dashboard"),
        {"van": last_month_end.replace(day=1).isoformat(), "tot": last_month_end.isoformat()},
    )
    assert [row["partial"] for row in response.context["months"]] == [False]


def test_the_dashboard_counts_who_waits_now_and_how_long_in_the_users_cities(
    client, staff, coordinator, programme, municipality, other_municipality
):
    """Intake and ready households wait; the average and the longest wait are in days
    to today, and a coordinator sees only their own city's households."""
    for days in (10, 20, 31, 44):
        ready_refugee(municipality=municipality, waiting_days=days)
    intake = ready_refugee(municipality=municipality, waiting_days=5)
    Refugee.objects.filter(pk=intake.pk).update(status=Refugee.Status.INTAKE)
    ready_refugee(municipality=other_municipality, waiting_days=100)
    expected = {
        coordinator: ({"n": 5, "average": 22, "longest": 44}, {"intake": 1, "ready": 4}),
        staff: ({"n": 6, "average": 35, "longest": 100}, {"intake": 1, "ready": 5}),
    }
    for user, (waiting, funnel) in expected.items():
        client.force_login(user)
        context = client.get(reverse("impact:dashboard")).context
        now = context["waiting"]["waiting"]
        assert {key: cell.value for key, cell in now.items()} == waiting
        counts = {row["key"]: row["count"].value for row in context["pipeline"]}
        assert {key: counts[key] for key in funnel} == funnel
        assert counts["matched"] == (1 if user == coordinator else 2)  # the programme's years


def test_each_link_behind_an_sdg_says_which(client, staff, programme):
    """Five links read "Wat zit erachter?": a screen reader's list of links tells them
    apart by the SDG each opens (axe's WCAG tags leave that rule out)."""
    own, _other = programme
    member = own.match.group.memberships.first()
    activity_log_save(
        trajectory=own,
        by=member.user,
        date=datetime.date.today() - datetime.timedelta(days=2),
        hours=Decimal("1"),
        life_domains=[life_domain("health"), life_domain("language")],
        members_present=[member],
    )
    client.force_login(staff)
    html = client.get(reverse("impact:handprint")).content.decode()
    texts = [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(r"<a [^>]*>(.*?)</a>", html, flags=re.S)
        if "Wat zit erachter?" in text
    ]
    assert len(texts) >= 3
    assert len(set(texts)) == len(texts), texts
