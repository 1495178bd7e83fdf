"""What the refugees app erases of a household (see samenhier.privacy)."""

from django.utils import timezone

from samenhier.privacy import UnknownHousehold, account_erase, audit_erase, collector, eraser

from .models import Consent, HouseholdGoal, HouseholdMember, HouseholdPreference, Refugee

PERSONAL_FIELDS = {
    "first_name": "",
    "last_name": "",
    "birth_year": None,
    "email": "",
    "phone": "",
    "latitude": None,
    "longitude": None,
    "country_of_origin": "",
    "residence_status": "",
    "health_notes": "",
    "coordinator_notes": "",
    "shared_with_group": "",
}


@eraser
def erase_household(refugee_code) -> None:
    refugee = Refugee.objects.select_for_update().filter(pk=refugee_code).first()
    if refugee is None:
        raise UnknownHousehold(refugee_code)
    # Collected first: the rows are deleted below, their audit entries last.
    audited = {
        HouseholdMember: list(refugee.members.values_list("pk", flat=True)),
        HouseholdGoal: list(refugee.goals.values_list("pk", flat=True)),
        Consent: list(refugee.consents.values_list("pk", flat=True)),
        HouseholdPreference: list(refugee.preferences.values_list("pk", flat=True)),
    }
    accounts = [refugee.user] if refugee.user else []
    accounts += [m.user for m in refugee.members.select_related("user") if m.user]
    for name, value in PERSONAL_FIELDS.items():
        setattr(refugee, name, value)
    refugee.user = None
    refugee.erased_at = timezone.now()
    refugee.save()
    refugee.languages.clear()
    refugee.interests.clear()
    refugee.members.all().delete()
    refugee.goals.all().delete()
    refugee.preferences.all().delete()
    refugee.consents.all().delete()
    refugee.status_changes.update(note="")
    for account in accounts:
        account_erase(account)
    # Last: the edits and deletions above were audited too.
    for model, pks in audited.items():
        audit_erase(model, pks)
    audit_erase(Refugee, [refugee.pk])


@collector
def collect_household(refugee_code) -> dict:
    refugee = Refugee.objects.filter(pk=refugee_code).first()
    if refugee is None:
        raise UnknownHousehold(refugee_code)
    record = {f.name: getattr(refugee, f.attname) for f in Refugee._meta.concrete_fields}
    return {
        "record": record,
        "languages": [str(lang) for lang in refugee.languages.all()],
        "interests": [str(i) for i in refugee.interests.all()],
        "members": list(refugee.members.values("first_name", "relation", "birth_year")),
        "goals": list(refugee.goals.values("life_domain__key", "description", "priority")),
        "preferences": list(refugee.preferences.values("kind", "required")),
        "consents": list(
            refugee.consents.values("subject", "text_version", "given_at", "withdrawn_at")
        ),
        "status_changes": list(refugee.status_changes.values("old", "new", "note", "at")),
    }
