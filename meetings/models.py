from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organisations.models import Organisation
from portal.storage import private_storage
from portal.uploads import PDF, UploadValidator

ICAL_UID_DOMAIN = "netzwerk-mo.bielefeld.de"


class Network(models.Model):
    """A network that meets: the network of migrant organisations itself, or a further one on request."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown. HTML is removed."))
    on_request_only = models.BooleanField(
        _("meets on request only"),
        default=False,
        help_text=_("For example networks of Ezidish associations."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Room(models.Model):
    """A room the networks meet in."""

    name = models.CharField(_("name"), max_length=200)
    building = models.CharField(_("building"), max_length=200)
    address = models.CharField(_("address"), max_length=300, help_text=_("Street, postcode and town."))
    floor = models.CharField(_("floor"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(_("seats"))
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    accessibility_notes = models.TextField(_("notes on accessibility"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="meetings_room_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.building})"

    @property
    def location(self) -> str:
        return ", ".join(part for part in (self.name, self.building, self.floor, self.address) if part)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start")


class Meeting(models.Model):
    """One meeting of a network in a room."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CHANGED = "changed", _("changed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("room"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("Public. Markdown, HTML is removed."))
    minutes = models.FileField(
        _("minutes"),
        storage=private_storage,
        upload_to="meetings/minutes/%Y/",
        blank=True,
        validators=[UploadValidator([PDF], max_bytes=20 * 1024 * 1024)],
        help_text=_("PDF. Only logged-in representatives of organisations can download it."),
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty to use the number of seats of the room.")
    )
    sequence = models.PositiveIntegerField(
        _("version for calendars"), default=0, editable=False, help_text=_("Raised on every change.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        indexes = [models.Index(fields=["start"], name="meetings_meeting_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meetings_meeting_end_after_start"),
            # One room, one meeting at a time. The room id (a bigint) is wrapped in a one-element range
            # so that both parts use the GiST && operator and no btree_gist extension is needed.
            ExclusionConstraint(
                name="meetings_meeting_no_double_booking",
                expressions=[
                    (
                        Func(
                            F("room"),
                            F("room"),
                            Value("[]"),
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (
                        Func(F("start"), F("end"), function="tstzrange", output_field=DateTimeRangeField()),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                condition=~Q(status="cancelled"),
                violation_error_message=_("This room is already booked for another meeting at that time."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if self.capacity is None and self.room_id:
            self.capacity = self.room.capacity
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})

    @property
    def ical_uid(self) -> str:
        return f"meeting-{self.pk}@{ICAL_UID_DOMAIN}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def free_places(self) -> int:
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        return max((self.capacity or 0) - confirmed, 0)

    @property
    def accepts_registrations(self) -> bool:
        return self.registration_open and not self.is_cancelled and not self.is_past


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)


class Registration(models.Model):
    """A person's registration for a meeting on behalf of an organisation."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("meeting")
    )
    # Empty once the registration has been anonymised after the retention period.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    attended = models.BooleanField(_("attended"), default=False)
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The site language the person registered in; their later mails (moved up from the waiting
    # list, changes of the meeting) are written in it. Empty: the default language.
    language = models.CharField(
        _("language of the mails"), max_length=8, choices=settings.LANGUAGES, blank=True, editable=False
    )

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "registered_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetings_registration_one_per_person"),
        ]
        indexes = [models.Index(fields=["meeting", "status"], name="meetings_reg_status_idx")]

    def __str__(self):
        return f"{self.user or _('anonymised')} – {self.meeting}"


class NetworkMeetingRequest(models.Model):
    """An organisation asks the integration office for a meeting of a further network."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="network_meeting_requests",
        verbose_name=_("organisation"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="network_meeting_requests",
        verbose_name=_("requested by"),
    )
    network_name = models.CharField(
        _("which network should meet?"),
        max_length=200,
        help_text=_("For example: network of Ezidish associations."),
    )
    topic = models.TextField(_("what should the meeting be about?"), max_length=2000)
    preferred_dates = models.CharField(_("preferred dates or times (optional)"), max_length=300, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected number of participants"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    is_handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("request for a network meeting")
        verbose_name_plural = _("requests for network meetings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_participants__gte=1) & Q(expected_participants__lte=500),
                name="meetings_request_participants_range",
            ),
        ]

    def __str__(self):
        return f"{self.network_name} ({self.organisation})"
