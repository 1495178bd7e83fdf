"""The demo's sign-ups: residents who said "I want to help" on the public page, in every
state a coordinator meets them (docs/architecture.md, "Recruitment"). No accounts."""

import datetime

from django.utils import timezone

from groups.models import GroupStatusChange, SignUp, SignUpStatusChange, WelcomeGroup
from groups.services import SIGNUP_PRIVACY_VERSION
from samenhier.models import Municipality

S = SignUp.Status
# (first name, last name, city or None, elsewhere, days ago, status, reason, companions)
SIGNUPS = [
    ("Fenna", "Duin (demo)", "Den Haag", "", 2, S.NEW, "", 2),
    ("Jurre", "Kade (demo)", "Den Haag", "", 6, S.NEW, "", 0),
    ("Mirjam", "Singel (demo)", "Utrecht", "", 12, S.CONTACTED, "", 1),
    ("Koen", "Maas (demo)", "Rotterdam", "", 20, S.INTAKE_PLANNED, "", 3),
    (
        "Saar",
        "Spaarne (demo)",
        "Haarlem",
        "",
        45,
        S.NOT_CONTINUED,
        "Verhuist naar het buitenland.",
        0,
    ),
    ("Bram", "Polder (demo)", None, "Zierikzee", 4, S.NEW, "", 1),
]
STEPS = {
    S.NEW: [S.NEW],
    S.CONTACTED: [S.NEW, S.CONTACTED],
    S.INTAKE_PLANNED: [S.NEW, S.CONTACTED, S.INTAKE_PLANNED],
    S.NOT_CONTINUED: [S.NEW, S.CONTACTED, S.NOT_CONTINUED],
    S.BECAME_GROUP: [S.NEW, S.CONTACTED, S.INTAKE_PLANNED, S.BECAME_GROUP],
}


def seed_signups() -> int:
    """Make the demo's sign-ups once; the number made (0 when they are there already)."""
    if SignUp.objects.exists():
        return 0
    cities = {m.name: m for m in Municipality.objects.all()}
    now = timezone.now()
    rows = list(SIGNUPS)
    # A sign-up that became the youngest group still forming, where there is one.
    forming = WelcomeGroup.objects.filter(status=WelcomeGroup.Status.FORMING).order_by(
        "-created_at"
    )
    group = forming.filter(signup__isnull=True).first()
    if group is not None:
        rows.append(
            ("Lotte", "Linde (demo)", group.municipality.name, "", 90, S.BECAME_GROUP, "", 2)
        )
    for n, (first, last, city, elsewhere, days, status, reason, companions) in enumerate(rows):
        made = now - datetime.timedelta(days=days)
        signup = SignUp.objects.create(
            first_name=first,
            last_name=last,
            email=f"aanmelding{n + 1}@example.org",
            municipality=cities.get(city) if city else None,
            place_elsewhere=elsewhere,
            heard_from=SignUp.Source.values[n % len(SignUp.Source.values)],
            companions=[
                {"first_name": name, "last_name": "(demo)", "email": f"mee{n + 1}.{i}@example.org"}
                for i, name in enumerate(["Anouk", "Youssef", "Tim"][:companions], start=1)
            ],
            privacy_version=SIGNUP_PRIVACY_VERSION,
            status=status,
            reason=reason,
            group=group if status == S.BECAME_GROUP else None,
            created_at=made,
            confirmation_sent_at=made,
        )
        steps = STEPS[status]
        for i, new in enumerate(steps):
            SignUpStatusChange.objects.create(
                signup=signup,
                old=steps[i - 1] if i else "",
                new=new,
                note=reason if new == S.NOT_CONTINUED else "",
                at=made + datetime.timedelta(days=i),
            )
    return len(rows) + _signups_of_groups()


FIRST_NAMES = ["Ilse", "Daan", "Noor", "Ruben", "Femke", "Joris", "Hanna", "Sem", "Lieke", "Thijs"]


def _signups_of_groups(limit: int = 30) -> int:
    """Sign-ups that became the demo's groups which went on to be ready, matched or done:
    each made a month before the group's first step, a group two weeks before it (so the
    dashboard's funnel from sign-up has whole figures to show)."""
    W = WelcomeGroup.Status
    groups = WelcomeGroup.objects.filter(
        status__in=[W.READY, W.MATCHED, W.COMPLETED], signup__isnull=True
    ).order_by("pk")[:limit]
    first_step = {}
    for change in GroupStatusChange.objects.filter(group__in=groups).order_by("at"):
        first_step.setdefault(change.group_id, change.at)
    steps = STEPS[S.BECAME_GROUP]
    for n, group in enumerate(groups):
        made = first_step.get(group.pk, timezone.now()) - datetime.timedelta(days=30)
        signup = SignUp.objects.create(
            first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
            last_name="Groep (demo)",
            email=f"aanmelding.groep{n + 1}@example.org",
            municipality=group.municipality,
            heard_from=SignUp.Source.values[n % len(SignUp.Source.values)],
            privacy_version=SIGNUP_PRIVACY_VERSION,
            status=S.BECAME_GROUP,
            group=group,
            created_at=made,
            confirmation_sent_at=made,
        )
        SignUpStatusChange.objects.bulk_create(
            SignUpStatusChange(
                signup=signup,
                old=steps[i - 1] if i else "",
                new=new,
                at=made + datetime.timedelta(days=5 * i),
            )
            for i, new in enumerate(steps)
        )
    return len(groups)
