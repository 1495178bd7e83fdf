"""The cross-cutting core: users and their roles, places, and shared reference lists."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import Role

# Free text is bounded in the database's model and in every form made from it.
TEXT_LIMIT = 5000


def text_field(verbose_name, *, limit: int = TEXT_LIMIT, **options):
    """A free-text field with a length limit that forms and model validation enforce."""
    return models.TextField(
        verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options
    )


class TranslatedName(models.Model):
    """A reference row named in Dutch and English; `name` follows the active language."""

    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_en = models.CharField(_("naam (Engels)"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = translation.get_language()
        if language == "en":
            return self.name_en
        if language in (None, "nl"):
            return self.name_nl
        # A household language: the reference names are in its catalogue (languages.py).
        from .languages import reference_name

        return reference_name(self.name_nl)


class Variant(models.TextChoices):
    """The two ways the programme runs (docs/architecture.md, "Words")."""

    # The newcomer already lives in the city (a status holder).
    WELKOMGROEP = "welkomgroep", _("welkomgroep")
    # The newcomer arrives through resettlement; the group writes an action plan first.
    SPONSORGROEP = "sponsorgroep", _("sponsorgroep")


class PartnerOrganisation(models.Model):
    """The local organisation that runs the programme in one or more municipalities."""

    MUNICIPALITY_PATHS = ("municipalities",)

    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("lokale partner")
        verbose_name_plural = _("lokale partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    MUNICIPALITY_PATHS = ("pk",)

    name = models.CharField(_("naam"), max_length=100, unique=True)
    partner = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("lokale partner"),
    )
    neighbours = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("buurgemeenten")
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(TranslatedName):
    code = models.CharField(_("taalcode"), max_length=8, unique=True, help_text=_("ISO 639"))

    class Meta:
        verbose_name = _("taal")
        verbose_name_plural = _("talen")
        ordering = ["name_nl"]


class LifeDomain(TranslatedName):
    """A domain of life in which a household sets goals and the group helps."""

    key = models.SlugField(_("sleutel"), max_length=30, unique=True)
    sdg = models.PositiveSmallIntegerField(
        _("SDG"), help_text=_("Het duurzame-ontwikkelingsdoel waaraan dit levensgebied bijdraagt.")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("levensgebied")
        verbose_name_plural = _("levensgebieden")
        ordering = ["order", "key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sdg__gte=1, sdg__lte=17), name="lifedomain_sdg_1_17"
            )
        ]


class Interest(TranslatedName):
    class Meta:
        verbose_name = _("interesse")
        verbose_name_plural = _("interesses")
        ordering = ["name_nl"]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def coordinators_of(self, *municipality_ids):
        """The active coordinators who work for any of these municipalities."""
        return self.filter(
            groups__name=Role.COORDINATOR, municipalities__in=municipality_ids, is_active=True
        ).distinct()

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their e-mail address.

    Roles are Django groups (see `roles.py`); a coordinator is scoped to the
    municipalities listed here.
    """

    username = None
    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="coordinators",
        verbose_name=_("gemeenten"),
        help_text=_("De gemeenten waarvoor een coördinator werkt."),
    )

    # The person's own language: their pages, notifications and e-mails, whoever sends
    # them. Empty: the language switch decides (Dutch until chosen). Staff roles read
    # Dutch or English only (docs/architecture.md, "Languages of the household").
    language = models.CharField(
        _("taal"), max_length=10, blank=True, choices=settings.LANGUAGES, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["first_name", "last_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @cached_property
    def roles(self) -> frozenset[str]:
        names = set(self.groups.filter(name__in=Role.values).values_list("name", flat=True))
        if self.is_superuser:
            names.add(Role.ADMINISTRATOR)
        return frozenset(names)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles

    @cached_property
    def municipality_ids(self) -> frozenset[int]:
        """The municipalities this user coordinates (all of them for an administrator)."""
        if self.is_administrator:
            return frozenset(Municipality.objects.values_list("pk", flat=True))
        if Role.COORDINATOR not in self.roles:
            return frozenset()
        return frozenset(self.municipalities.values_list("pk", flat=True))


def actor_field(verbose_name, **options):
    """A link to the person who did something; the record stays when that person goes."""
    options = {"null": True, "blank": True, "related_name": "+", **options}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, verbose_name=verbose_name, **options
    )


class Invitation(models.Model):
    """A single-use, expiring link with which an invited person sets their password."""

    code = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("uitgenodigde"),
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    # A coordinator's municipalities: they come with the role, when it is accepted.
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="+", verbose_name=_("gemeenten")
    )
    # What the invitation is for, named in the e-mail (e.g. the group's name).
    about = models.CharField(_("waarvoor"), max_length=200, blank=True)
    invited_by = actor_field(_("uitgenodigd door"), blank=False)
    # Only a hash of the secret in the link is kept, so a database reader cannot use it.
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt op"))
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class StatusChange(models.Model):
    """One row per status change of a record: who moved it, from what, to what, and why."""

    old = models.CharField(_("van"), max_length=20, blank=True)
    new = models.CharField(_("naar"), max_length=20)
    by = actor_field(_("door"))
    note = text_field(_("toelichting"), blank=True)
    at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        # Names no person: it shows in admin lists, inlines and the audit log.
        moved = f"{self.old_label} → {self.new_label}" if self.old else self.new_label
        return f"{moved} ({date_format(timezone.localtime(self.at), 'SHORT_DATE_FORMAT')})"

    @property
    def old_label(self) -> str:
        return self._label(self.old)

    @property
    def new_label(self) -> str:
        return self._label(self.new)

    def _label(self, value: str) -> str:
        """The status in words, from the Status choices of the record that changed."""
        for field in self._meta.get_fields():
            status = getattr(getattr(field, "related_model", None), "Status", None)
            if field.many_to_one and status is not None and value in status.values:
                return status(value).label
        return value


class Notification(models.Model):
    """An in-app message for one person, also sent by e-mail once.

    `key` says what it is about (e.g. "milestone-due:<id>"); one per person and key, so
    a reminder job that runs twice notifies nobody twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("ontvanger"),
    )
    key = models.CharField(_("sleutel"), max_length=200)
    text_nl = models.CharField(_("bericht (Nederlands)"), max_length=300)
    text_en = models.CharField(_("bericht (Engels)"), max_length=300)
    # For a recipient whose own language is neither: that language and the text in it.
    language = models.CharField(_("taal"), max_length=10, blank=True, default="")
    text_own = models.CharField(_("bericht (eigen taal)"), max_length=300, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # The household a message is about, if any: its erasure removes the message too.
    household = models.UUIDField(_("over huishouden"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        language = translation.get_language()
        if language == "en":
            return self.text_en
        if self.text_own and language == self.language:
            return self.text_own
        return self.text_nl


class AccessLog(models.Model):
    """Who looked at or took out what, and when. Never the values themselves."""

    class Action(models.TextChoices):
        VIEW = "view", _("dossier bekeken")
        IMPORT = "import", _("dossier ingelezen (hele dossier geschreven)")
        EXPORT = "export", _("export gedownload")
        SUBJECT_ACCESS = "subject_access", _("inzageverzoek uitgevoerd")
        ERASURE = "erasure", _("gegevens gewist")
        RETENTION = "retention", _("bewaartermijn verstreken, gegevens gewist")

    user = actor_field(_("wie"))
    action = models.CharField(_("wat"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("soort"), max_length=50)
    object_code = models.CharField(_("code"), max_length=64, blank=True)
    at = models.DateTimeField(_("wanneer"), auto_now_add=True)

    class Meta:
        verbose_name = _("toegangsregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_code"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_type}"
