from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with an account; the e-mail address is the login."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="portal_user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email


class TranslatedFieldsMixin:
    """Picks the German or English variant of a field for the active language."""

    def translated(self, field: str) -> str:
        language = (get_language() or "de")[:2]
        value = getattr(self, f"{field}_{language}", "")
        return value or getattr(self, f"{field}_de")


class Page(TranslatedFieldsMixin, models.Model):
    """An editorial page whose text staff keep in the admin (Markdown)."""

    class Slug(models.TextChoices):
        HOME = "home", _("Home page introduction")
        NETWORK = "network", _("About the network")
        CONTACT = "contact", _("Contact")
        IMPRINT = "imprint", _("Legal notice (Impressum)")
        PRIVACY = "privacy", _("Privacy policy (Datenschutz)")
        ACCESSIBILITY = "accessibility", _("Accessibility statement (Barrierefreiheit)")
        EASY_LANGUAGE = "easy-language", _("Easy Language (Leichte Sprache)")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Slug.choices)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_de = models.TextField(_("text (German)"), help_text=_("Markdown. HTML is removed."))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown. HTML is removed."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["slug"]

    def __str__(self):
        return self.get_slug_display()

    @property
    def title(self):
        return self.translated("title")

    @property
    def body(self):
        return self.translated("body")


class ContactPerson(TranslatedFieldsMixin, models.Model):
    """A contact person of the integration office shown on the contact page."""

    name = models.CharField(_("name"), max_length=200)
    role_de = models.CharField(_("role (German)"), max_length=200, blank=True)
    role_en = models.CharField(_("role (English)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    building = models.CharField(_("building"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    postcode_city = models.CharField(_("postcode and city"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("shown on the site"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def role(self):
        return self.translated("role")


class BarrierReport(models.Model):
    """A report of an accessibility barrier, or a request for content in an accessible form."""

    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    description = models.TextField(_("description of the barrier"), max_length=5000)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail for a reply"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    is_resolved = models.BooleanField(_("resolved"), default=False)

    class Meta:
        verbose_name = _("barrier report")
        verbose_name_plural = _("barrier reports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url or '-'}"
