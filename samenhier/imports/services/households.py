"""Writing a row of the sheet Huishoudens: a household with its members, languages, goals,
preferences and consent, and its status along its lifecycle; from ready on it meets the
household's own guard (docs/architecture.md, "Bringing a programme in")."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from refugees.models import (
    Consent,
    HouseholdGoal,
    HouseholdMember,
    HouseholdPreference,
    Refugee,
    RefugeeStatusChange,
)
from refugees.services import ALLOWED as REFUGEE_ALLOWED
from refugees.services import consent_save, refugee_ready_guard, refugee_transition
from samenhier.errors import ApplicationError
from samenhier.models import Variant

from ..export import household_values
from ..models import Kind
from ..reading import ParsedRow
from .run import (
    CHANGED,
    NEW,
    UNCHANGED,
    RowError,
    Run,
    at_noon,
    changed_values,
    fill_blank,
    model_clean,
    no_way,
    own_code,
    path,
)


def household_write(run: Run, row: ParsedRow) -> str:
    """A household new or known by its reference; a known one changes only what differs,
    its status along its arrows."""
    v = dict(row.values)
    fill_blank(v, "variant", Variant.WELKOMGROEP)
    fill_blank(v, "status", Refugee.Status.INTAKE)
    if "waiting_since" in v and v["waiting_since"] is None and "intake_date" in v:
        v["waiting_since"] = v["intake_date"]
    both = set(v.get("preferences", ())) & set(v.get("required_preferences", ()))
    if both:
        raise RowError(
            "required_preferences",
            _("Een voorkeur staat bij gewone en bij vereiste voorkeuren."),
        )
    refugee = run.find(Kind.HOUSEHOLD, row.reference)
    if refugee is None:
        v.setdefault("variant", Variant.WELKOMGROEP)
        v.setdefault("status", Refugee.Status.INTAKE)
        v.setdefault("waiting_since", v["intake_date"])
        run.check_place(v["municipality"])
        code = own_code(row.reference) or uuid.uuid4()
        refugee = Refugee(code=code, status=v["status"])
        _household_fields(refugee, v)
        refugee.save()
        _household_related(run, refugee, v, v.keys(), new=True)
        if v["status"] in (
            Refugee.Status.READY,
            Refugee.Status.MATCHED,
            Refugee.Status.COMPLETED,
        ):
            try:
                refugee_ready_guard(refugee)
            except ApplicationError as error:
                raise RowError("status", str(error)) from error
        run.history(
            RefugeeStatusChange,
            "refugee",
            refugee,
            REFUGEE_ALLOWED,
            Refugee.Status.INTAKE,
            v["status"],
        )
        run.remember(Kind.HOUSEHOLD, row.reference, refugee, refugee.code)
        run.households_written.add(str(refugee.pk))
        return NEW
    refugee = Refugee.objects.prefetch_related(
        "members", "languages", "goals", "preferences", "consents"
    ).get(pk=refugee.pk)
    changes = changed_values(v, household_values(refugee, run.refs))
    if not changes:
        run.made[Kind.HOUSEHOLD][row.reference] = refugee
        return UNCHANGED
    if "municipality" in changes:
        run.check_place(v["municipality"])
    refugee = Refugee.objects.select_for_update().get(pk=refugee.pk)
    _household_fields(refugee, changes)
    refugee.save()
    _household_related(run, refugee, v, changes.keys(), new=False)
    if "status" in changes:
        steps = path(REFUGEE_ALLOWED, refugee.status, v["status"])
        if steps is None:
            raise RowError("status", no_way(Refugee.Status, refugee.status, v["status"]))
        for step in steps:
            refugee = refugee_transition(refugee=refugee, to=step, by=run.by, note=run.note)
    run.made[Kind.HOUSEHOLD][row.reference] = refugee
    run.households_written.add(str(refugee.pk))
    return CHANGED


def _household_fields(refugee: Refugee, v: dict) -> None:
    if "municipality" in v:
        refugee.municipality_id = v["municipality"]
    for name in (
        "variant",
        "first_name",
        "last_name",
        "birth_year",
        "email",
        "phone",
        "interpreter_available",
        "accepts_neighbouring_municipality",
        "intake_date",
        "waiting_since",
    ):
        if name in v:
            setattr(refugee, name, v[name])
    if refugee.intake_date > timezone.localdate():
        raise RowError("intake_date", _("De intakedatum ligt in de toekomst."))
    if refugee.waiting_since < refugee.intake_date:
        raise RowError(
            "waiting_since",
            _("Een huishouden wacht vanaf de intake: deze datum ligt ervoor."),
        )
    model_clean(refugee)


def _household_related(run: Run, refugee: Refugee, v: dict, keys, *, new: bool) -> None:
    if "languages" in keys:
        refugee.languages.set(v["languages"])
    if "household_members" in keys:
        if not new:
            refugee.members.all().delete()
        HouseholdMember.objects.bulk_create(
            HouseholdMember(refugee=refugee, first_name=name, relation=relation, birth_year=year)
            for name, relation, year in v["household_members"]
        )
    if "goals" in keys:
        if not new:
            refugee.goals.all().delete()
        HouseholdGoal.objects.bulk_create(
            HouseholdGoal(
                refugee=refugee, life_domain_id=domain, priority=priority, description=text
            )
            for domain, priority, text in v["goals"]
        )
    if "preferences" in keys or "required_preferences" in keys:
        wanted = {kind: False for kind in v.get("preferences", ())}
        wanted.update({kind: True for kind in v.get("required_preferences", ())})
        if not new:
            kept = refugee.preferences.all()
            if "preferences" not in v:
                kept = kept.filter(required=False)
            elif "required_preferences" not in v:
                kept = kept.filter(required=True)
            for preference in kept:
                wanted.setdefault(preference.kind, preference.required)
            refugee.preferences.all().delete()
        HouseholdPreference.objects.bulk_create(
            HouseholdPreference(refugee=refugee, kind=kind, required=required)
            for kind, required in wanted.items()
        )
    if "consent_given_on" in keys:
        _consent(run, refugee, v["consent_given_on"], new=new)


def _consent(run: Run, refugee: Refugee, given_on, *, new: bool) -> None:
    active = (
        None
        if new
        else refugee.consents.filter(
            subject=Consent.Subject.DATA_PROCESSING, withdrawn_at=None
        ).first()
    )
    if active is None and given_on is not None:
        consent_save(
            consent=Consent(
                refugee=refugee,
                subject=Consent.Subject.DATA_PROCESSING,
                given_at=at_noon(given_on),
            ),
            by=run.by,
        )
    elif active is not None and given_on is None:
        raise RowError(
            "consent_given_on",
            _("Toestemming trek je in op de pagina van het huishouden, niet met een import."),
        )
    elif active is not None:
        raise RowError(
            "consent_given_on",
            _(
                "De toestemming is al vastgelegd op %(date)s; een andere datum kan niet via "
                "een import."
            )
            % {"date": timezone.localdate(active.given_at).strftime("%d-%m-%Y")},
        )
