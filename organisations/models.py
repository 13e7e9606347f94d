from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from portal.storage import private_storage
from portal.uploads import IMAGE_TYPES, UploadValidator

LOGO_MAX_BYTES = 1024 * 1024
STALE_AFTER_DAYS = 365
REMIND_EVERY_DAYS = 30


class District(models.TextChoices):
    """The ten Stadtbezirke of Bielefeld."""

    MITTE = "mitte", "Mitte"
    SCHILDESCHE = "schildesche", "Schildesche"
    GADDERBAUM = "gadderbaum", "Gadderbaum"
    BRACKWEDE = "brackwede", "Brackwede"
    DORNBERG = "dornberg", "Dornberg"
    JOELLENBECK = "joellenbeck", "Jöllenbeck"
    HEEPEN = "heepen", "Heepen"
    STIEGHORST = "stieghorst", "Stieghorst"
    SENNESTADT = "sennestadt", "Sennestadt"
    SENNE = "senne", "Senne"


class Language(models.TextChoices):
    """Languages an organisation works in (ISO 639-1, ISO 639-3 where no two-letter code exists)."""

    AR = "ar", _("Arabic")
    AM = "am", _("Amharic")
    BG = "bg", _("Bulgarian")
    BS = "bs", _("Bosnian")
    DE = "de", _("German")
    EL = "el", _("Greek")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    FA = "fa", _("Persian")
    FR = "fr", _("French")
    HR = "hr", _("Croatian")
    HY = "hy", _("Armenian")
    IT = "it", _("Italian")
    KA = "ka", _("Georgian")
    KMR = "kmr", _("Kurdish (Kurmanji)")
    KU = "ckb", _("Kurdish (Sorani)")
    PL = "pl", _("Polish")
    PRS = "prs", _("Dari")
    PS = "ps", _("Pashto")
    PT = "pt", _("Portuguese")
    RO = "ro", _("Romanian")
    RU = "ru", _("Russian")
    SO = "so", _("Somali")
    SQ = "sq", _("Albanian")
    SR = "sr", _("Serbian")
    TI = "ti", _("Tigrinya")
    TR = "tr", _("Turkish")
    UK = "uk", _("Ukrainian")
    UR = "ur", _("Urdu")
    VI = "vi", _("Vietnamese")
    ZH = "zh", _("Chinese")


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as a list of checkboxes."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        return super(ArrayField, self).formfield(**defaults)


class OfferCategory(models.Model):
    """A kind of offer (language courses, counselling, ...), managed by staff."""

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("offer category")
        verbose_name_plural = _("offer categories")
        ordering = ["position", "name_de"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Organisation.Status.PUBLISHED)

    def stale(self, now=None):
        limit = (now or timezone.now()) - timezone.timedelta(days=STALE_AFTER_DAYS)
        return self.filter(Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=limit))


class WebsiteField(models.URLField):
    """A URL field whose form adds https:// when people type just "verein.de"."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Organisation(models.Model):
    """A migrant organisation (club, association, meeting place) in the directory."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PENDING = "pending", _("pending review")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    class LegalForm(models.TextChoices):
        REGISTERED_ASSOCIATION = "ev", _("registered association (e.V.)")
        NONPROFIT_COMPANY = "ggmbh", _("non-profit company (gGmbH)")
        INITIATIVE = "initiative", _("informal initiative")
        RELIGIOUS = "religious", _("religious community")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    slug = models.SlugField(_("address in the directory"), max_length=220, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.REGISTERED_ASSOCIATION
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    description = models.TextField(
        _("short description"),
        max_length=600,
        blank=True,
        help_text=_("One or two sentences shown in the directory list."),
    )
    activities = models.TextField(_("goals and activities"), max_length=5000, blank=True)
    offers = models.ManyToManyField(
        OfferCategory, blank=True, related_name="organisations", verbose_name=_("offers")
    )
    target_groups = models.CharField(
        _("target groups"),
        max_length=300,
        blank=True,
        help_text=_("For example: children and young people, women, newcomers."),
    )
    languages = ChoiceArrayField(
        models.CharField(max_length=3, choices=Language.choices),
        verbose_name=_("languages spoken"),
        default=list,
        blank=True,
    )
    origins = CountryField(_("countries or regions of origin"), multiple=True, blank=True)
    community = models.CharField(
        _("community"),
        max_length=100,
        blank=True,
        help_text=_("A community that is not a country, for example Ezidish or Roma."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Bielefeld")
    district = models.CharField(_("district"), max_length=20, choices=District.choices, blank=True)
    meeting_times = models.CharField(
        _("meeting times"), max_length=300, blank=True, help_text=_("For example: every Saturday 10–13 h.")
    )
    meeting_place = models.CharField(_("meeting place"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = WebsiteField(_("website"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[UploadValidator(IMAGE_TYPES, LOGO_MAX_BYTES)],
        help_text=_("JPEG, PNG or WebP, at most 1 MB."),
    )
    logo_alt = models.CharField(
        _("text alternative of the logo"),
        max_length=200,
        blank=True,
        help_text=_("Describe the logo for people who cannot see it."),
    )
    network_member = models.BooleanField(_("member of the network"), default=False)
    publication_consent = models.BooleanField(
        _("consent to publication"),
        default=False,
        help_text=_("The organisation agrees that this entry is shown publicly in the directory."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    confirmed_at = models.DateTimeField(_("entry last confirmed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded to confirm"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The slugs of ``offers``, kept in step by organisations.search, so that filters and facet
    # counts need no join.
    offer_slugs = ArrayField(models.CharField(max_length=60), default=list, blank=True, editable=False)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector", "offer_slugs", "updated_at", "reminded_at"], m2m_fields=[offers]
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_idx"),
            GinIndex(fields=["languages"], name="organisation_languages_idx"),
            GinIndex(fields=["offer_slugs"], name="organisation_offers_idx"),
            models.Index(fields=["status", "name"], name="organisation_status_name_idx"),
            models.Index(fields=["status", "district"], name="organisation_status_distr_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""), name="organisations_logo_needs_alt_text"
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True) | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="organisations_founded_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_stale(self) -> bool:
        limit = timezone.now() - timezone.timedelta(days=STALE_AFTER_DAYS)
        return self.confirmed_at is None or self.confirmed_at < limit

    def language_labels(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages]


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Membership.Status.APPROVED)

    def requested(self):
        return self.filter(status=Membership.Status.REQUESTED)


class Membership(models.Model):
    """A user who represents an organisation; staff approve the request before it counts."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    role = models.CharField(
        _("role in the organisation"),
        max_length=100,
        blank=True,
        help_text=_("For example: chair, board member, volunteer."),
    )
    message = models.TextField(_("message to the city staff"), max_length=1000, blank=True)
    proposed_entry = models.BooleanField(
        _("proposed the entry"),
        default=False,
        help_text=_(
            "The request came with the proposal of a new entry and is approved when it is published."
        ),
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason given"), blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="organisations_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def edits_own_proposal(self) -> bool:
        """Whoever proposed an entry may still see and edit it while it is not public; a mere request
        to represent an entry gives no access to it (see ``services.can_edit``)."""
        return (
            self.status == self.Status.REQUESTED
            and self.proposed_entry
            and self.organisation.status in {Organisation.Status.DRAFT, Organisation.Status.PENDING}
        )

    @property
    def opens_entry(self) -> bool:
        """Whether the person may open the entry's page."""
        return (
            self.status == self.Status.APPROVED
            or self.organisation.status == Organisation.Status.PUBLISHED
            or self.edits_own_proposal
        )


class ChangeRequest(models.Model):
    """A representative's edit of a published entry, waiting for staff approval.

    The proposed values are kept as submitted (``data``), so nothing typed is lost while the request
    waits; staff see a field-by-field comparison and approve or reject it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending review")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("organisation")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    data = models.JSONField(_("proposed values"), default=dict)
    # Kept private until approved: only staff see it, through a permission-checked view.
    logo = models.ImageField(
        _("proposed logo"),
        upload_to="organisations/logos/pending/",
        storage=private_storage,
        blank=True,
        validators=[UploadValidator(IMAGE_TYPES, LOGO_MAX_BYTES)],
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason given"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="pending"),
                name="organisations_one_pending_change",
            ),
        ]

    def __str__(self):
        return (
            f"{self.organisation} ({self.created_at:%d.%m.%Y})" if self.created_at else str(self.organisation)
        )
