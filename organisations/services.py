"""Writes of the directory: proposals, membership requests, edits and their moderation."""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

from organisations.forms import EDITABLE_FIELDS
from organisations.models import (
    REMIND_EVERY_DAYS,
    ChangeRequest,
    District,
    Language,
    Membership,
    OfferCategory,
    Organisation,
)
from organisations.queries import represents
from portal.mail import send_mail_on_commit
from portal.permissions import is_trusted_staff

RESERVED_SLUGS = {"eintragen", "export", "en"}
DATA_FIELDS = [name for name in EDITABLE_FIELDS if name != "logo"]


def unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))[:200]
    base = base or "verein"
    slug, number = base, 1
    others = Organisation.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _staff_recipients() -> list[str]:
    return list(settings.PORTAL_STAFF_EMAILS)


def _representative_emails(organisation) -> list[str]:
    return list(
        organisation.memberships.approved().select_related("user").values_list("user__email", flat=True)
    )


def _require_staff(user):
    if not is_trusted_staff(user):
        raise PermissionDenied


# Proposals and memberships ------------------------------------------------------------------------


@transaction.atomic
def propose_organisation(user, form) -> Organisation:
    """A new entry from a user: waits for review, and the user asks to represent it."""
    organisation = form.save(commit=False)
    organisation.slug = unique_slug(organisation.name)
    organisation.status = Organisation.Status.PENDING
    organisation.confirmed_at = timezone.now()
    organisation.save()
    form.save_m2m()
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        role=form.cleaned_data.get("role", ""),
        status=Membership.Status.REQUESTED,
        proposed_entry=True,
    )
    context = {"organisation": organisation, "membership": membership, "user": user}
    send_mail_on_commit("organisations/mail/proposal_received", context, [user.email])
    send_mail_on_commit("organisations/mail/staff_proposal", context, _staff_recipients(), language="de")
    return organisation


@transaction.atomic
def request_membership(user, organisation, role: str, message: str = "") -> Membership:
    """Ask to represent an organisation; a rejected request may be made again."""
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, organisation=organisation, defaults={"role": role, "message": message}
    )
    if not created:
        if membership.status == Membership.Status.APPROVED:
            return membership
        membership.status = Membership.Status.REQUESTED
        membership.role, membership.message = role, message
        membership.decided_at = membership.decided_by = None
        membership.reason = ""
        membership.save()
    context = {"organisation": organisation, "membership": membership, "user": user}
    send_mail_on_commit("organisations/mail/staff_membership", context, _staff_recipients(), language="de")
    return membership


@transaction.atomic
def decide_membership(membership, staff_user, approve: bool, reason: str = "") -> Membership:
    """Approve or reject a request; deciding it the way it already is changes nothing and mails no one."""
    _require_staff(staff_user)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    decided = Membership.Status.APPROVED if approve else Membership.Status.REJECTED
    if membership.status == decided:
        raise ValidationError(_("This membership is already %(status)s.") % {"status": decided.label})
    membership.status = decided
    membership.decided_at = timezone.now()
    membership.decided_by = staff_user
    membership.reason = reason
    membership.save()
    send_mail_on_commit(
        "organisations/mail/membership_decided",
        {"membership": membership, "organisation": membership.organisation, "reason": reason},
        [membership.user.email],
    )
    return membership


# Entries ------------------------------------------------------------------------------------------


@transaction.atomic
def publish_organisation(organisation, staff_user) -> Organisation:
    """Publish a reviewed entry; the request of whoever proposed it is approved with it (other
    requests still need their own decision).

    Only drafts and entries pending review are published: an entry that is already public is left
    alone, and an archived entry is restored deliberately by setting its status in the admin form, so
    neither sends the "published" mail again.
    """
    _require_staff(staff_user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.PUBLISHED:
        raise ValidationError(_("This entry is already published."))
    if organisation.status == Organisation.Status.ARCHIVED:
        raise ValidationError(
            _("This entry is archived. To show it again, open it and set its status to published.")
        )
    if not organisation.publication_consent:
        raise ValidationError(_("The organisation has not agreed to publication."))
    organisation.status = Organisation.Status.PUBLISHED
    organisation.save()
    now = timezone.now()
    for membership in organisation.memberships.requested().filter(proposed_entry=True):
        membership.status = Membership.Status.APPROVED
        membership.decided_at, membership.decided_by = now, staff_user
        membership.save()
    send_mail_on_commit(
        "organisations/mail/organisation_decided",
        {"organisation": organisation, "published": True, "reason": ""},
        _representative_emails(organisation),
    )
    return organisation


@transaction.atomic
def reject_organisation(organisation, staff_user, reason: str) -> Organisation:
    """Send a proposed or published entry back to draft with a reason; the representatives can
    improve it. Drafts and archived entries are left alone (no second mail)."""
    _require_staff(staff_user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.DRAFT:
        raise ValidationError(_("This entry is already a draft."))
    if organisation.status == Organisation.Status.ARCHIVED:
        raise ValidationError(_("This entry is archived and cannot be sent back."))
    organisation.status = Organisation.Status.DRAFT
    organisation.save()
    recipients = list(
        organisation.memberships.exclude(status=Membership.Status.REJECTED).values_list(
            "user__email", flat=True
        )
    )
    send_mail_on_commit(
        "organisations/mail/organisation_decided",
        {"organisation": organisation, "published": False, "reason": reason},
        recipients,
    )
    return organisation


@transaction.atomic
def archive_organisation(organisation, staff_user) -> Organisation:
    """Take an entry out of the directory for good; its representatives can still propose changes,
    which wait for staff like those of a published entry."""
    _require_staff(staff_user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status == Organisation.Status.ARCHIVED:
        raise ValidationError(_("This entry is already archived."))
    organisation.status = Organisation.Status.ARCHIVED
    organisation.save()
    return organisation


def confirm_entry(organisation, user) -> Organisation:
    """The representative confirms that the entry is still correct."""
    organisation.confirmed_at = timezone.now()
    organisation.save(update_fields=["confirmed_at", "updated_at"])
    return organisation


def remind_stale_organisations(now=None) -> int:
    """Ask the representatives of published entries not confirmed for a year to check them.

    Each entry is reminded at most every REMIND_EVERY_DAYS days; returns the number reminded.
    """
    now = now or timezone.now()
    due = (
        Organisation.objects.published()
        .stale(now)
        .filter(
            Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - timezone.timedelta(days=REMIND_EVERY_DAYS))
        )
        .filter(memberships__status=Membership.Status.APPROVED)
        .distinct()
    )
    reminded = 0
    for organisation in due:
        with transaction.atomic():
            send_mail_on_commit(
                "organisations/mail/stale_reminder",
                {"organisation": organisation},
                _representative_emails(organisation),
            )
            # A plain update: a reminder is no change of the entry (no history, no new search document).
            Organisation.objects.filter(pk=organisation.pk).update(reminded_at=now)
        reminded += 1
    return reminded


def can_edit(user, organisation) -> bool:
    """Approved representatives; while an entry is not public yet, also whoever proposed it."""
    if represents(user, organisation):
        return True
    return (
        user.is_authenticated
        and organisation.status in {Organisation.Status.DRAFT, Organisation.Status.PENDING}
        and organisation.memberships.filter(
            user=user, status=Membership.Status.REQUESTED, proposed_entry=True
        ).exists()
    )


# Edits and their moderation -----------------------------------------------------------------------


def serialise(cleaned_data) -> dict:
    """Form values as JSON: model instances become primary keys, everything else stays as typed."""
    data = {}
    for name in DATA_FIELDS:
        value = cleaned_data.get(name)
        if name == "offers":
            value = sorted(category.pk for category in value or [])
        elif name in {"languages", "origins"}:
            value = [str(code) for code in value or []]
        data[name] = value
    return data


@transaction.atomic
def submit_change(user, organisation, form) -> ChangeRequest | None:
    """Save a representative's edit.

    Only an entry not yet public (draft or pending review) is changed directly; staff review it
    anyway before it is published. A published entry keeps its public version until staff approve
    the change, which waits as a ``ChangeRequest`` (one per organisation, updated by later edits).
    An archived entry is treated like a published one: it was taken out of the directory by the city
    staff, so a representative's edit is a request to them (who may also restore the entry), never a
    silent change of the record.
    """
    if not can_edit(user, organisation):
        raise PermissionDenied
    status = Organisation.objects.select_for_update().values_list("status", flat=True).get(pk=organisation.pk)
    if status in {Organisation.Status.DRAFT, Organisation.Status.PENDING}:
        organisation = form.save()
        if organisation.status == Organisation.Status.DRAFT:
            organisation.status = Organisation.Status.PENDING
        organisation.confirmed_at = timezone.now()
        organisation.save()
        return None
    change = (
        ChangeRequest.objects.select_for_update()
        .filter(organisation=organisation, status=ChangeRequest.Status.PENDING)
        .first()
    ) or ChangeRequest(organisation=organisation)
    change.submitted_by = user
    change.data = serialise(form.cleaned_data)
    logo = form.cleaned_data.get("logo")
    if isinstance(logo, UploadedFile):
        change.logo = logo
    change.data["logo_cleared"] = logo is False
    change.save()
    send_mail_on_commit(
        "organisations/mail/staff_change",
        {"organisation": organisation, "change": change, "user": user},
        _staff_recipients(),
        language="de",
    )
    return change


def apply_data(organisation, data: dict) -> None:
    for name in DATA_FIELDS:
        if name == "offers" or name not in data:
            continue
        setattr(organisation, name, data[name] if data[name] is not None else _empty(name))
    if data.get("logo_cleared"):
        organisation.logo = ""
        organisation.logo_alt = ""


def _empty(name):
    return None if name == "founded_year" else ""


@transaction.atomic
def approve_change(change, staff_user) -> Organisation:
    _require_staff(staff_user)
    change = ChangeRequest.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    organisation = change.organisation
    apply_data(organisation, change.data)
    if change.logo:
        with change.logo.open("rb") as pending_logo:
            organisation.logo.save(os.path.basename(change.logo.name), File(pending_logo), save=False)
    if not organisation.publication_consent:
        # Consent withdrawn: the entry leaves the directory until it is given again.
        organisation.status = Organisation.Status.DRAFT
    organisation.confirmed_at = timezone.now()
    organisation.save()
    if "offers" in change.data:
        organisation.offers.set(OfferCategory.objects.filter(pk__in=change.data["offers"]))
    change.status = ChangeRequest.Status.APPROVED
    change.decided_at, change.decided_by = timezone.now(), staff_user
    change.save()
    _mail_change_decision(change, approved=True)
    return organisation


@transaction.atomic
def reject_change(change, staff_user, reason: str) -> ChangeRequest:
    _require_staff(staff_user)
    change = ChangeRequest.objects.select_for_update().select_related("organisation").get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("This change has already been decided."))
    change.status = ChangeRequest.Status.REJECTED
    change.decided_at, change.decided_by = timezone.now(), staff_user
    change.reason = reason
    change.save()
    _mail_change_decision(change, approved=False)
    return change


def _mail_change_decision(change, approved: bool) -> None:
    recipients = {change.submitted_by.email} if change.submitted_by else set()
    recipients |= set(_representative_emails(change.organisation))
    send_mail_on_commit(
        "organisations/mail/change_decided",
        {
            "organisation": change.organisation,
            "change": change,
            "approved": approved,
            "reason": change.reason,
        },
        sorted(recipients),
    )


# The comparison staff see -------------------------------------------------------------------------


def _display(name, value) -> str:
    if value in (None, "", [], False) and name != "publication_consent":
        return "–"
    if name == "offers":
        categories = {c.pk: c.name for c in OfferCategory.objects.filter(pk__in=value)}
        return ", ".join(categories[pk] for pk in value if pk in categories)
    if name == "languages":
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in value)
    if name == "origins":
        return ", ".join(countries.name(str(code)) for code in value)
    if name == "district":
        return str(District(value).label)
    if name == "legal_form":
        return str(Organisation.LegalForm(value).label)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def current_data(organisation) -> dict:
    data = {}
    for name in DATA_FIELDS:
        if name == "offers":
            data[name] = sorted(organisation.offers.values_list("pk", flat=True))
        elif name == "origins":
            data[name] = [str(country.code) for country in organisation.origins]
        else:
            data[name] = getattr(organisation, name)
    return data


def change_diff(change) -> list[tuple[str, str, str]]:
    """The fields a change request alters: (label, current value, proposed value)."""
    current = current_data(change.organisation)
    rows = []
    for name in DATA_FIELDS:
        if name not in change.data:
            continue
        old, new = current[name], change.data[name]
        if _display(name, old) != _display(name, new):
            label = str(Organisation._meta.get_field(name).verbose_name)
            rows.append((label, _display(name, old), _display(name, new)))
    if change.logo:
        rows.append((str(Organisation._meta.get_field("logo").verbose_name), "", _("new logo uploaded")))
    elif change.data.get("logo_cleared"):
        rows.append((str(Organisation._meta.get_field("logo").verbose_name), "", _("logo removed")))
    return rows
