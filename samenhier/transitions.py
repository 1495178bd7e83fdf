"""The one mechanism behind every status change: lock the row, check the arrow, record it.

Each app keeps its own `<entity>_transition` service with the allowed arrows and any
guard of its own; they all end here, so no status changes without a status-change row.
"""

from collections.abc import Callable, Mapping

from django.db import models, transaction
from django.utils.translation import gettext as _

from .errors import TransitionError


def transition(
    *,
    obj: models.Model,
    to: str,
    allowed: Mapping[str, set[str]],
    change_model: type[models.Model],
    by=None,
    note: str = "",
    guard: Callable[[models.Model], None] | None = None,
    extra_fields: Mapping[str, object] | None = None,
):
    """Move `obj.status` to `to` under a row lock; raise TransitionError when refused.

    `guard` runs on the locked row and raises TransitionError for conditions beyond the
    arrow itself (a group that is not complete, a match without a start date...).
    `extra_fields` are saved in the same write (dates, frozen counts).
    """
    model = type(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        old = locked.status
        if to not in allowed.get(old, set()):
            raise TransitionError(
                _("%(what)s met status ‘%(old)s’ kan niet naar ‘%(new)s’.")
                % {
                    "what": model._meta.verbose_name.capitalize(),
                    "old": locked.get_status_display(),
                    "new": model.Status(to).label,
                }
            )
        if guard is not None:
            guard(locked)
        fk = _status_change_fk(change_model, model)
        change_model.objects.create(**{fk: locked}, old=old, new=to, by=by, note=note)
        locked.status = to
        fields = ["status"]
        for name, value in (extra_fields or {}).items():
            setattr(locked, name, value)
            fields.append(name)
        if any(f.name == "updated_at" for f in model._meta.get_fields()):
            fields.append("updated_at")
        locked.save(update_fields=fields)
    # The caller's instance reflects the new state too.
    for field in fields:
        setattr(obj, field, getattr(locked, field))
    return locked


def _status_change_fk(change_model, model) -> str:
    for field in change_model._meta.get_fields():
        if getattr(field, "related_model", None) is model and field.many_to_one:
            return field.name
    raise LookupError(f"{change_model.__name__} has no foreign key to {model.__name__}")
