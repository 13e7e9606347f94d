import re
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from localflavor.generic.validators import IBANValidator
from simple_history.models import HistoricalRecords

from funding.workflow import EDITABLE, Action, State
from organisations.models import Organisation
from portal.storage import private_storage
from portal.uploads import DOCUMENT_TYPES, UploadValidator

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
REFERENCE_PATTERN = re.compile(r"MSO-[0-9]{4}-[0-9]{4,}")


class FundingArea(models.TextChoices):
    EDUCATION = "education", _("Education")
    CULTURE = "culture", _("Culture and leisure with content across nationalities")
    SOCIAL = "social", _("Social-integrative offers that take part in the community")


class FinancingType(models.TextChoices):
    FIXED_AMOUNT = "fixed_amount", _("Fixed-amount financing")
    DEFICIT = "deficit", _("Deficit financing")
    SHARE = "share", _("Share financing")


class Programme(models.Model):
    """The funding of one budget year: its budget, application period and rules."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("budget year"), unique=True)
    budget = models.DecimalField(_("budget"), **MONEY, validators=[MinValueValidator(ZERO)])
    opens_on = models.DateField(_("applications from"))
    closes_on = models.DateField(_("applications until"))
    max_grant = models.DecimalField(
        _("maximum grant per application"), **MONEY, validators=[MinValueValidator(ZERO)]
    )
    guideline = models.TextField(_("guideline"), blank=True, help_text=_("Markdown."))
    guideline_document = models.FileField(
        _("guideline document"), upload_to="funding/guidelines/", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="funding_programme_period"
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0, max_grant__gte=0), name="funding_programme_money"
            ),
        ]

    def __str__(self):
        return self.name

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.opens_on <= on <= self.closes_on

    @property
    def areas(self):
        return FundingArea.choices


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year; locked while the next one is assigned."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Application(models.Model):
    """An organisation's application for funding of one project in one programme."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="applications", verbose_name=_("funding programme")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("organisation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="funding_applications",
        verbose_name=_("created by"),
    )
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.DRAFT)
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    # Applicant
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    signatory_name = models.CharField(_("authorised signatory"), max_length=200, blank=True)
    signatory_role = models.CharField(_("function of the signatory"), max_length=100, blank=True)

    # Project
    title = models.CharField(_("project title"), max_length=200, blank=True)
    area = models.CharField(_("funding area"), max_length=20, choices=FundingArea.choices, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    goals = models.TextField(_("goals"), max_length=3000, blank=True)
    target_group = models.TextField(_("target group"), max_length=1000, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    communities = models.CharField(_("nationalities or communities involved"), max_length=500, blank=True)
    partners = models.TextField(_("partners"), max_length=1000, blank=True)
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    not_started = models.BooleanField(_("the project has not started yet"), default=False)

    # Cost and financing plan: see PlanLine; saved at least once (complete once it also balances).
    plan_saved = models.BooleanField(_("plan saved"), default=False)

    # Bank account
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[IBANValidator()])
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)

    # Declarations and signature
    declares_truthful = models.BooleanField(_("the information is complete and true"), default=False)
    declares_no_double_funding = models.BooleanField(_("no double funding"), default=False)
    declares_privacy_notice = models.BooleanField(_("data protection notice read"), default=False)
    signature_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signature_place = models.CharField(_("place"), max_length=100, blank=True)
    signature_date = models.DateField(_("date"), null=True, blank=True)

    # Decision (by staff)
    granted_amount = models.DecimalField(
        _("granted amount"), **MONEY, null=True, blank=True, validators=[MinValueValidator(ZERO)]
    )
    financing_type = models.CharField(
        _("type of financing"), max_length=20, choices=FinancingType.choices, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    proof_due_on = models.DateField(_("proof of use due"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("funding application")
        verbose_name_plural = _("funding applications")
        ordering = ["-created_at"]
        permissions = [
            ("review_application", _("Can review funding applications")),
            ("decide_application", _("Can decide funding applications")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[State.DRAFT, State.WITHDRAWN]) | Q(reference__isnull=False),
                name="funding_application_reference_once_submitted",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="funding_application_granted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="funding_application_project_period",
            ),
        ]
        indexes = [models.Index(fields=["programme", "state"])]

    def __str__(self):
        return self.reference or self.title or _("Draft application %(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("funding:application", kwargs={"key": self.key})

    @property
    def key(self) -> str:
        return self.reference or str(self.pk)

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as printed on bank statements."""
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE

    def _sum(self, side):
        lines = getattr(self, "_prefetched_objects_cache", {}).get("lines")
        if lines is not None:
            return sum((line.amount for line in lines if line.side == side), ZERO)
        return self.lines.filter(side=side).aggregate(total=Sum("amount"))["total"] or ZERO

    @property
    def total_costs(self) -> Decimal:
        return self._sum(PlanLine.Side.COST)

    @property
    def total_financing(self) -> Decimal:
        return self._sum(PlanLine.Side.FINANCING)

    @property
    def requested_amount(self) -> Decimal:
        lines = getattr(self, "_prefetched_objects_cache", {}).get("lines")
        if lines is None:
            lines = self.lines.all()
        return sum(
            (line.amount for line in lines if line.category == PlanLine.Category.REQUESTED_GRANT), ZERO
        )

    def cost_lines(self):
        return [line for line in self.lines.all() if line.side == PlanLine.Side.COST]

    def financing_lines(self):
        return [line for line in self.lines.all() if line.side == PlanLine.Side.FINANCING]


COST_CATEGORIES = ("fees", "room_rent", "material", "travel", "publicity", "catering", "other")
FINANCING_CATEGORIES = ("own_funds", "participant_fees", "donations", "third_party", "requested_grant")


class PlanLine(models.Model):
    """One line of the cost and financing plan."""

    class Side(models.TextChoices):
        COST = "cost", _("cost")
        FINANCING = "financing", _("financing")

    class Category(models.TextChoices):
        FEES = "fees", _("Fees")
        ROOM_RENT = "room_rent", _("Room rent")
        MATERIAL = "material", _("Material")
        TRAVEL = "travel", _("Travel")
        PUBLICITY = "publicity", _("Publicity")
        CATERING = "catering", _("Catering")
        OTHER_COSTS = "other", _("Other costs")
        OWN_FUNDS = "own_funds", _("Own funds")
        PARTICIPANT_FEES = "participant_fees", _("Participant fees")
        DONATIONS = "donations", _("Donations")
        THIRD_PARTY = "third_party", _("Third-party funds")
        REQUESTED_GRANT = "requested_grant", _("Requested grant")

    COST_CATEGORIES = COST_CATEGORIES
    FINANCING_CATEGORIES = FINANCING_CATEGORIES

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="lines", verbose_name=_("application")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    category = models.CharField(_("type"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(ZERO)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["side", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_planline_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(side="cost", category__in=COST_CATEGORIES)
                | Q(side="financing", category__in=FINANCING_CATEGORIES),
                name="funding_planline_category_matches_side",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"


def attachment_path(instance, filename):
    # The original name is kept in a field; the stored name says nothing about the content.
    return f"funding/{instance.application_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        REGISTER_EXTRACT = "register_extract", _("Extract from the register of associations")
        STATUTES = "statutes", _("Statutes")
        BOARD_LIST = "board_list", _("List of board members")
        CHARITABLE_STATUS = "charitable_status", _("Notice of charitable status (§ 51 AO)")
        PREVIOUS_REPORT = "previous_report", _("Report on the previous year's project")
        OTHER = "other", _("Other document")

    FIRST_TIME_KINDS = ("register_extract", "statutes", "board_list", "charitable_status")
    MAX_BYTES = 5 * 1024 * 1024

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    kind = models.CharField(_("type of document"), max_length=30, choices=Kind.choices)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=attachment_path,
        validators=[UploadValidator(DOCUMENT_TYPES, MAX_BYTES)],
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    def get_absolute_url(self):
        return reverse("funding:attachment", kwargs={"key": self.application.key, "pk": self.pk})


class ApplicationEvent(models.Model):
    """One entry in an application's history: a transition, who took it and what they wrote."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=30, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=30, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("by")
    )
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class ProofOfUse(models.Model):
    """The Verwendungsnachweis: factual report, actual figures per plan line and the list of receipts."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="proof", verbose_name=_("application")
    )
    report = models.TextField(_("factual report"), max_length=10000, blank=True)
    actual_participants = models.PositiveIntegerField(_("actual participants"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("proof of use")
        verbose_name_plural = _("proofs of use")

    def __str__(self):
        return str(self.application)


class ProofLine(models.Model):
    """The actual amount of one category of the plan (costs or income)."""

    proof = models.ForeignKey(
        ProofOfUse, on_delete=models.CASCADE, related_name="lines", verbose_name=_("proof")
    )
    category = models.CharField(_("type"), max_length=20, choices=PlanLine.Category.choices)
    amount = models.DecimalField(_("actual amount (EUR)"), **MONEY, validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("actual figure")
        verbose_name_plural = _("actual figures")
        constraints = [
            models.UniqueConstraint(fields=["proof", "category"], name="funding_proofline_one_per_category"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_proofline_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"


def receipt_path(instance, filename):
    return f"funding/{instance.proof.application_id}/receipts/{uuid.uuid4().hex}"


class Receipt(models.Model):
    proof = models.ForeignKey(
        ProofOfUse, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("proof")
    )
    date = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    amount = models.DecimalField(_("amount (EUR)"), **MONEY, validators=[MinValueValidator(ZERO)])
    file = models.FileField(
        _("copy of the receipt"),
        storage=private_storage,
        upload_to=receipt_path,
        blank=True,
        validators=[UploadValidator(DOCUMENT_TYPES, Attachment.MAX_BYTES)],
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("type"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_receipt_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.payee}: {self.amount}"

    def get_absolute_url(self):
        return reverse("funding:receipt", kwargs={"key": self.proof.application.key, "pk": self.pk})


class ProofReminder(models.Model):
    """One reminder mail per application and due date, however often the reminder command runs."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proof_reminders", verbose_name=_("application")
    )
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("proof of use reminder")
        verbose_name_plural = _("proof of use reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "due_on"], name="funding_proofreminder_once_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.application} ({self.due_on:%d.%m.%Y})"
