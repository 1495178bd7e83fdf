"""Writing the rows of the sheets Groepen and Groepsleden: a welcome group, its status once
its members are in (a ready group must be complete), and its members with their accounts,
made without a password (docs/architecture.md, "Bringing a programme in")."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import GroupStatusChange, Membership, WelcomeGroup
from groups.services import ALLOWED as GROUP_ALLOWED
from groups.services import group_readiness_problems, group_transition
from samenhier.models import User, Variant
from samenhier.roles import Role
from samenhier.services import user_invite

from ..export import group_values, member_values
from ..models import Kind
from ..reading import ParsedRow
from .run import (
    CHANGED,
    NEW,
    UNCHANGED,
    RowError,
    Run,
    changed_values,
    fill_blank,
    model_clean,
    no_way,
    own_code,
    path,
)

# -- groups ------------------------------------------------------------------------------


def group_write(run: Run, row: ParsedRow) -> str:
    """A group's fields; its status waits for its members (`group_status_write`)."""
    v = dict(row.values)
    fill_blank(v, "variant", Variant.WELKOMGROEP)
    fill_blank(v, "capacity", 1)
    fill_blank(v, "status", WelcomeGroup.Status.FORMING)
    if v.get("capacity") is not None and v["capacity"] < 1:
        raise RowError("capacity", _("Een groep begeleidt ten minste 1 huishouden."))
    group = run.find(Kind.GROUP, row.reference)
    if group is None:
        v.setdefault("variant", Variant.WELKOMGROEP)
        v.setdefault("capacity", 1)
        v.setdefault("status", WelcomeGroup.Status.FORMING)
        run.check_place(v["municipality"])
        code = own_code(row.reference) or uuid.uuid4()
        group = WelcomeGroup(code=code, status=WelcomeGroup.Status.FORMING)
        _group_fields(group, v)
        group.save()
        run.remember(Kind.GROUP, row.reference, group, group.code)
        run.pending_groups.append((row, group, v["status"], True))
        return NEW
    changes = changed_values(v, group_values(group, run.refs))
    run.made[Kind.GROUP][row.reference] = group
    if not changes:
        return UNCHANGED
    if "municipality" in changes:
        run.check_place(v["municipality"])
    group = WelcomeGroup.objects.select_for_update().get(pk=group.pk)
    _group_fields(group, changes)
    group.save()
    if "status" in changes:
        run.pending_groups.append((row, group, v["status"], False))
    run.made[Kind.GROUP][row.reference] = group
    return CHANGED


def _group_fields(group: WelcomeGroup, v: dict) -> None:
    if "municipality" in v:
        group.municipality_id = v["municipality"]
    for name in ("name", "variant", "capacity", "intake_interview_on", "start_training_on"):
        if name in v:
            setattr(group, name, v[name])
    interview, training = group.intake_interview_on, group.start_training_on
    if interview and training and training < interview:
        raise RowError("start_training_on", _("De starttraining ligt voor het intakegesprek."))
    model_clean(group)


def group_status_write(run: Run, group: WelcomeGroup, status: str, is_new: bool) -> str:
    """A group's status once its members are in: a ready group must be complete."""
    group = WelcomeGroup.objects.select_for_update().get(pk=group.pk)
    if is_new:
        if status == WelcomeGroup.Status.READY:
            problems = group_readiness_problems(group)
            if problems:
                raise RowError("status", " ".join(problems))
        run.history(
            GroupStatusChange,
            "group",
            group,
            GROUP_ALLOWED,
            WelcomeGroup.Status.FORMING,
            status,
        )
        WelcomeGroup.objects.filter(pk=group.pk).update(status=status)
        return NEW
    steps = path(GROUP_ALLOWED, group.status, status)
    if steps is None:
        raise RowError("status", no_way(WelcomeGroup.Status, group.status, status))
    for step in steps:
        group = group_transition(group=group, to=step, by=run.by, note=run.note)
    return CHANGED


# -- members -----------------------------------------------------------------------------


def member_write(run: Run, row: ParsedRow) -> str:
    """A member of a group on the sheet or already in Samen Hier; never moved to another
    group, and an account's e-mail address is not changed here."""
    v = dict(row.values)
    fill_blank(v, "vog_status", Membership.VogStatus.NONE)
    membership = run.find(Kind.MEMBER, row.reference)
    if membership is None:
        v.setdefault("vog_status", Membership.VogStatus.NONE)
        group = run.resolve(Kind.GROUP, v["group"], "group")
        run.check_place(group.municipality_id, "group")
        user = _account(run, v, group)
        if Membership.objects.filter(group=group, user=user).exists():
            raise RowError("email", _("Dit e-mailadres is al lid van deze groep."))
        code = own_code(row.reference) or uuid.uuid4()
        membership = Membership(code=code, group=group, user=user)
        if "joined_on" not in v:
            v["joined_on"] = timezone.localdate()
        _member_fields(membership, v)
        membership.save()
        membership.languages.set(v.get("languages", run.dutch))
        _member_rules(membership)
        run.remember(Kind.MEMBER, row.reference, membership, membership.code)
        return NEW
    membership = Membership.objects.select_related("user", "group").get(pk=membership.pk)
    changes = changed_values(v, member_values(membership, run.refs))
    run.made[Kind.MEMBER][row.reference] = membership
    if not changes:
        return UNCHANGED
    if "group" in changes:
        raise RowError("group", _("Een lid gaat niet via een import naar een andere groep."))
    if "email" in changes:
        raise RowError(
            "email", _("Het e-mailadres van een account wijzigt een beheerder in het beheer.")
        )
    names = {k: changes[k] for k in ("first_name", "last_name") if k in changes}
    if names:
        for name, value in names.items():
            setattr(membership.user, name, value)
        membership.user.save(update_fields=list(names))
    _member_fields(membership, changes)
    membership.save()
    if "languages" in changes:
        membership.languages.set(changes["languages"])
    _member_rules(membership)
    return CHANGED


def _account(run: Run, v: dict, group: WelcomeGroup) -> User:
    """The member's account: found by e-mail address, or made without a password; an
    invitation only when the coordinator chose to send them."""
    user = User.objects.filter(email__iexact=v["email"]).first()
    wants_invitation = run.invite and (user is None or Role.GROUP_MEMBER not in user.roles)
    if wants_invitation:
        user, invitation = user_invite(
            email=v["email"],
            first_name=v.get("first_name", ""),
            last_name=v.get("last_name", ""),
            role=Role.GROUP_MEMBER,
            by=run.by,
            about=str(group),
        )
        run.outcome.invitations += invitation is not None
        return user
    if user is None:
        user = User(
            email=v["email"],
            first_name=v.get("first_name", ""),
            last_name=v.get("last_name", ""),
        )
        user.set_unusable_password()
        user.save()
    return user


def _member_fields(membership: Membership, v: dict) -> None:
    for name in (
        "is_contact",
        "joined_on",
        "participant_statement_signed_on",
        "vog_status",
        "vog_valid_until",
    ):
        if name in v:
            setattr(membership, name, v[name])
    if (
        membership.is_contact
        and Membership.objects.filter(group=membership.group_id, is_contact=True)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise RowError("is_contact", _("Deze groep heeft al een contactpersoon."))
    if membership.vog_status == Membership.VogStatus.VALID and not membership.vog_valid_until:
        raise RowError(
            "vog_valid_until", _("Bij een geldige VOG hoort de datum tot wanneer hij geldt.")
        )
    model_clean(membership)


def _member_rules(membership: Membership) -> None:
    others = Membership.objects.filter(group=membership.group_id).exclude(pk=membership.pk)
    if others.count() >= WelcomeGroup.MAX_MEMBERS:
        raise RowError("group", _("Een welkomgroep heeft ten hoogste 5 leden."))
