"""Shared fixtures: one user per role, built once per test, in two municipalities.

Also decides how browser and service tests run: browser tests use Debian's Chromium at
/usr/bin/chromium; service tests need PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
Under CI=true neither may be skipped.
"""

import os
import shutil

import pytest

from samenhier.roles import Role

from .factories import (
    MembershipFactory,
    MunicipalityFactory,
    RefugeeFactory,
    UserFactory,
    WelcomeGroupFactory,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IN_CI = os.environ.get("CI", "").lower() == "true"
SERVICES = os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
    os.environ.get("REDIS_URL")
)


def pytest_collection_modifyitems(config, items):
    no_chromium = not os.path.exists(CHROMIUM)
    deselected, kept = [], []
    for item in items:
        if "services" in item.keywords and not SERVICES:
            # The SQLite run leaves these to the services run of .ci/run.
            deselected.append(item)
            continue
        if "e2e" in item.keywords and no_chromium and not IN_CI:
            # Under CI the test runs and fails at the browser launch.
            item.add_marker(
                pytest.mark.skipif(
                    True, reason=f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
                )
            )
        kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Print the figures some tests record (the permission matrix, the sentinels), also
    when they ran in an xdist worker."""
    lines = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "summary"
    ]
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session, exitstatus):
    # Under CI a skipped browser or service test is a failure.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if IN_CI and reporter is not None and reporter.stats.get("skipped"):
        reporter.write_line("CI: skipped tests count as failures.", red=True)
        session.exitstatus = 1


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(name="Den Haag")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(name="Utrecht")


@pytest.fixture
def coordinator(municipality):
    return UserFactory(role=Role.COORDINATOR, municipalities=[municipality])


@pytest.fixture
def other_city_coordinator(other_municipality):
    return UserFactory(role=Role.COORDINATOR, municipalities=[other_municipality])


@pytest.fixture
def administrator(db):
    return UserFactory(role=Role.ADMINISTRATOR)


@pytest.fixture
def staff(db):
    return UserFactory(role=Role.PROGRAMME_STAFF)


@pytest.fixture
def group(municipality):
    return WelcomeGroupFactory(municipality=municipality)


@pytest.fixture
def other_group(other_municipality):
    return WelcomeGroupFactory(municipality=other_municipality)


@pytest.fixture
def community_builder(group):
    user = UserFactory(role=Role.COMMUNITY_BUILDER)
    group.community_builder = user
    group.save(update_fields=["community_builder"])
    return user


@pytest.fixture
def group_member(group):
    return MembershipFactory(group=group, is_contact=True).user


@pytest.fixture
def other_group_member(other_group):
    return MembershipFactory(group=other_group, is_contact=True).user


@pytest.fixture
def refugee(municipality):
    return RefugeeFactory(municipality=municipality)


@pytest.fixture
def refugee_user(refugee):
    user = UserFactory(role=Role.REFUGEE)
    refugee.user = user
    refugee.save(update_fields=["user"])
    return user


@pytest.fixture
def outsider(db):
    """Signed in, but without any role."""
    return UserFactory()


# pytest-playwright: Debian's Chromium, never a downloaded browser.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-background-networking",
            "--disable-gpu",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
