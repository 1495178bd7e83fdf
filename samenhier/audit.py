"""The audit log (django-auditlog): which field of a record changed, by whom and when —
never any part of the value of a personal field, and no names in its labels.

Apps register their models here, naming their personal fields; the value of such a field
is replaced as a whole (never half-masked), and every entry is labelled by the kind of
record and its key instead of by the record's own name (docs/architecture.md, "Privacy").
"""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models.signals import pre_save

CHANGED = "[gewijzigd]"
EMPTY = "[leeg]"


def redact(value: str) -> str:
    """The whole value out: only whether there was one stays."""
    return EMPTY if value in ("", "None") else CHANGED


def register(model, *, personal=(), include=None) -> None:
    """Audit changes to `model`; the values of its `personal` fields never show."""
    options = {"mask_fields": list(personal)}
    if include is not None:
        options["include_fields"] = list(include)
    auditlog.register(model, **options)


def label_without_names(sender, instance: LogEntry, **kwargs) -> None:
    """A record's own name can be a person's: label the entry by kind and key instead."""
    model = instance.content_type.model_class() if instance.content_type_id else None
    kind = model._meta.verbose_name if model is not None else "record"
    instance.object_repr = f"{kind} {instance.object_pk}"[:200]


def connect() -> None:
    pre_save.connect(label_without_names, sender=LogEntry, dispatch_uid="samenhier.audit_label")
