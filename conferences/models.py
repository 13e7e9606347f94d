from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import Meeting
from portal.permissions import staff_may
from portal.storage import private_storage
from portal.uploads import DOC, DOCX, IMAGE_TYPES, JPEG, LABELS, PDF, PNG, UploadValidator

# The network whose meetings are conferences; created by the meetings demo data and by staff.
CONFERENCE_NETWORK_SLUG = "fachtagung"

DOCUMENT_TYPES = (PDF, DOCX, DOC, JPEG, PNG)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 10 * 1024 * 1024

# Languages documents of the conferences are published in (codes as in hreflang).
DOCUMENT_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("pl", _("Polish")),
    ("fa", _("Persian")),
    ("ku", _("Kurdish")),
    ("fr", _("French")),
]


class ConferenceQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=Conference.Status.DRAFT)

    def visible_to(self, user):
        if staff_may(user, "conferences.view_conference"):
            return self.all()
        return self.public()


class Conference(models.Model):
    """The yearly conference (Fachtagung); its date, room and registration are a meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft (not public)")
        ANNOUNCED = "announced", _("announced")
        HELD = "held", _("held")

    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    meeting = models.OneToOneField(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference",
        limit_choices_to={"network__slug": CONFERENCE_NETWORK_SLUG},
        verbose_name=_("date, room and registration"),
        help_text=_(
            "A meeting of the network “Fachtagung”. It puts the conference into the calendar and "
            "takes the registrations. Only old conferences without a record may leave it empty."
        ),
    )
    venue = models.CharField(
        _("venue"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to show the room of the meeting."),
    )
    summary = models.TextField(_("summary"), blank=True)
    programme = models.TextField(_("programme"), blank=True, help_text=_("Markdown. HTML is removed."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = ConferenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="conferences_conference_unique_slug"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="conferences_conference_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(meeting__isnull=False),
                name="conferences_announced_has_meeting",
                violation_error_message=_("An announced conference needs its meeting."),
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="conferences_search_idx")]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("conferences:detail", kwargs={"year": self.year, "slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def is_upcoming(self) -> bool:
        return self.meeting is not None and self.meeting.end >= timezone.now()

    @property
    def accepts_registrations(self) -> bool:
        return (
            self.status == self.Status.ANNOUNCED
            and self.meeting is not None
            and self.meeting.accepts_registrations
        )

    @property
    def location(self) -> str:
        if self.venue:
            return self.venue
        return self.meeting.room.location if self.meeting else ""


# Files live in the private storage and are served only by the permission-checked views
# (conferences:document / conferences:photo): a draft conference's files must not be reachable
# under a guessable media URL. Published conferences' files are served to everyone by those views.


def document_upload_to(instance, filename):
    return f"conferences/{instance.conference.year}/{filename}"


def photo_upload_to(instance, filename):
    return f"conferences/{instance.conference.year}/photos/{filename}"


class Document(models.Model):
    """A file of a conference: documentation, programme, presentation, minutes, photo documentation."""

    class Kind(models.TextChoices):
        DOCUMENTATION = "documentation", _("documentation")
        PROGRAMME = "programme", _("programme")
        PRESENTATION = "presentation", _("presentation")
        MINUTES = "minutes", _("minutes")
        PHOTOS = "photos", _("photo documentation")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="documents", verbose_name=_("conference")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOCUMENTATION)
    language = models.CharField(_("language"), max_length=8, choices=DOCUMENT_LANGUAGES, default="de")
    file = models.FileField(
        _("file"),
        upload_to=document_upload_to,
        storage=private_storage,
        max_length=300,
        validators=[UploadValidator(DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES)],
        help_text=_("PDF, Word, JPEG or PNG, up to 20 MB. Public."),
    )
    mime_type = models.CharField(_("file type"), max_length=100, editable=False, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    text = models.TextField(_("text of the PDF"), blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["text", "search_vector"])

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["conference", "position", "pk"]
        indexes = [
            models.Index(fields=["conference", "position"], name="conferences_doc_position_idx"),
            GinIndex(fields=["search_vector"], name="conferences_doc_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "conferences:document",
            kwargs={"year": self.conference.year, "slug": self.conference.slug, "pk": self.pk},
        )

    @property
    def type_label(self) -> str:
        return LABELS.get(self.mime_type, self.mime_type.rsplit("/", 1)[-1].upper())

    @property
    def is_inline(self) -> bool:
        """PDFs and images open in the browser; Word files are downloaded."""
        return self.mime_type in (PDF, JPEG, PNG)


class Photo(models.Model):
    """A photo of a conference; the alternative text is required."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="photos", verbose_name=_("conference")
    )
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        storage=private_storage,
        max_length=300,
        width_field="width",
        height_field="height",
        validators=[UploadValidator(IMAGE_TYPES, max_bytes=MAX_PHOTO_BYTES)],
        help_text=_("JPEG, PNG or WebP, up to 10 MB. Public."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it. Required."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["conference", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt_text__regex=r"^\s*$"),
                name="conferences_photo_alt_text_required",
                violation_error_message=_("Describe the photo in the alternative text."),
            ),
        ]

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse(
            "conferences:photo",
            kwargs={"year": self.conference.year, "slug": self.conference.slug, "pk": self.pk},
        )
