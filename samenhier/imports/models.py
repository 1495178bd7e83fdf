"""The programme's own references to the records it brought in, and the imports made.

No file is kept: an import records who, when, which file (its name and fingerprint) and
the counts per sheet, never a row of it (docs/architecture.md, "Bringing a programme in").
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenhier.models import actor_field


class Kind(models.TextChoices):
    """The kinds of record a programme's workbook holds, one sheet each."""

    HOUSEHOLD = "household", _("huishouden")
    GROUP = "group", _("groep")
    MEMBER = "member", _("groepslid")
    MATCH = "match", _("koppeling")
    ACTIVITY = "activity", _("activiteit")


class ImportedRecord(models.Model):
    """The programme's own reference of one record (e.g. "HH-2019-014"), so that importing
    the same file again finds the record instead of making it twice."""

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("referentie"), max_length=100)
    # The record's key (a UUID's text); the record itself lives in its own app.
    record = models.CharField(_("record"), max_length=64)
    created_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("ingelezen referentie")
        verbose_name_plural = _("ingelezen referenties")
        constraints = [
            models.UniqueConstraint(fields=["kind", "reference"], name="imported_reference_once"),
            models.UniqueConstraint(fields=["kind", "record"], name="imported_record_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class ProgrammeImport(models.Model):
    """One confirmed import: who, when, which file, what it did. Never its content."""

    by = actor_field(_("door"))
    at = models.DateTimeField(_("op"), auto_now_add=True)
    file_name = models.CharField(_("bestand"), max_length=255)
    # SHA-256 of the uploaded bytes: tells two imports of the same file apart from two
    # of different files without keeping either.
    file_hash = models.CharField(_("vingerafdruk van het bestand"), max_length=64)
    counts = models.JSONField(_("aantallen per blad"), default=dict)
    invitations_sent = models.PositiveIntegerField(_("uitnodigingen verstuurd"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%d-%m-%Y %H:%M})"
