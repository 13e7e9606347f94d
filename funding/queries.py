"""Reads of the funding app: what a user may see, section progress, required attachments."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from funding.models import REFERENCE_PATTERN, ZERO, Application, Attachment, FundingArea, PlanLine, Programme
from funding.workflow import GRANTED, State
from organisations.queries import represented_organisations
from portal.permissions import staff_may

VIEW_PERMISSION = "funding.view_application"
ID_PATTERN = re.compile(r"[0-9]{1,18}")


def open_programmes(on=None):
    from django.utils import timezone

    on = on or timezone.localdate()
    return Programme.objects.filter(opens_on__lte=on, closes_on__gte=on).order_by("year")


def visible_applications(user):
    """Applications of the organisations the user represents (staff see theirs in the admin)."""
    return (
        Application.objects.filter(organisation__in=represented_organisations(user))
        .select_related("programme", "organisation")
        .order_by("-created_at")
    )


def get_application_for(user, key: str, *, staff_allowed: bool = True) -> Application:
    """The application by reference number or id, if the user may see it; otherwise 404."""
    # ASCII digits only: "²" or Arabic-Indic digits are digits to Python, but no address of ours.
    if REFERENCE_PATTERN.fullmatch(key):
        lookup = Q(reference=key)
    elif ID_PATTERN.fullmatch(key):
        lookup = Q(pk=int(key))
    else:
        raise Http404
    queryset = Application.objects.select_related("programme", "organisation").prefetch_related(
        Prefetch("lines", queryset=PlanLine.objects.order_by("side", "position", "pk")),
        "attachments",
    )
    if not (staff_allowed and staff_may(user, VIEW_PERMISSION)):
        queryset = queryset.filter(organisation__in=represented_organisations(user))
    application = queryset.filter(lookup).first()
    if application is None:
        raise Http404
    return application


def recent_blank_draft(user, programme: Programme, organisation, since) -> Application | None:
    """The user's draft for this programme and organisation created after ``since`` with nothing entered."""
    unanswered = Q()
    # Every answer still at its default; the contact person is what creating the draft filled in.
    for name in (name for names in SECTION_FIELDS.values() for name in names):
        if name in ("contact_name", "contact_email"):
            continue
        default = Application._meta.get_field(name).get_default()
        unanswered &= Q(**{f"{name}__isnull": True}) if default is None else Q(**{name: default})
    return (
        Application.objects.filter(
            unanswered,
            state=State.DRAFT,
            created_by=user,
            programme=programme,
            organisation=organisation,
            created_at__gte=since,
            plan_saved=False,
            contact_name=user.get_full_name(),
            contact_email=user.email,
        )
        .exclude(Exists(PlanLine.objects.filter(application=OuterRef("pk"))))
        .exclude(Exists(Attachment.objects.filter(application=OuterRef("pk"))))
        .order_by("-created_at", "-pk")
        .first()
    )


def is_first_application(application: Application) -> bool:
    """True unless the organisation submitted an application in an earlier programme."""
    return (
        not Application.objects.filter(
            organisation=application.organisation, programme__year__lt=application.programme.year
        )
        .exclude(state__in=[State.DRAFT, State.WITHDRAWN])
        .exists()
    )


def had_grant_last_year(application: Application) -> bool:
    return Application.objects.filter(
        organisation=application.organisation,
        programme__year=application.programme.year - 1,
        state__in=GRANTED,
    ).exists()


def required_attachment_kinds(application: Application) -> list[str]:
    kinds = list(Attachment.FIRST_TIME_KINDS) if is_first_application(application) else []
    if had_grant_last_year(application):
        kinds.append(Attachment.Kind.PREVIOUS_REPORT)
    return kinds


def missing_attachment_kinds(application: Application) -> list[str]:
    present = {attachment.kind for attachment in application.attachments.all()}
    return [kind for kind in required_attachment_kinds(application) if kind not in present]


@dataclass
class Section:
    slug: str
    title: str
    complete: bool
    started: bool
    url: str

    @property
    def status(self):
        if self.complete:
            return _("Completed")
        if self.started:
            return _("In progress")
        return _("Not yet started")

    @property
    def status_class(self):
        return "complete" if self.complete else ("started" if self.started else "not-started")


SECTION_TITLES = {
    "applicant": _("Applicant"),
    "project": _("Project"),
    "plan": _("Cost and financing plan"),
    "bank": _("Bank account"),
    "attachments": _("Attachments"),
    "declarations": _("Declarations and signature"),
}

SECTION_SLUGS = {
    "applicant": "antragsteller",
    "project": "projekt",
    "plan": "finanzplan",
    "bank": "bankverbindung",
    "attachments": "anlagen",
    "declarations": "erklaerungen",
}


def euros(amount) -> str:
    """An amount as the active language writes it: 1250,50 in German, 1250.50 in English."""
    return number_format(amount, 2)


def plan_problems(total_costs, total_financing, requested, programme) -> list[str]:
    problems = []
    if total_costs <= 0:
        problems.append(gettext("Enter at least one cost line."))
    if total_costs != total_financing:
        problems.append(
            gettext("The plan does not balance: costs %(costs)s EUR, financing %(financing)s EUR.")
            % {"costs": euros(total_costs), "financing": euros(total_financing)}
        )
    if requested <= 0:
        problems.append(gettext("Enter the grant you request."))
    if requested > programme.max_grant:
        problems.append(
            gettext("The requested grant may not exceed %(max)s EUR.") % {"max": euros(programme.max_grant)}
        )
    return problems


def _filled(application, *fields) -> tuple[bool, bool]:
    values = [getattr(application, field) not in ("", None, False) for field in fields]
    return all(values), any(values)


def sections(application: Application) -> list[Section]:
    a = application
    states = {
        "applicant": _filled(a, *REQUIRED_FIELDS["applicant"]),
        "project": _filled(a, *REQUIRED_FIELDS["project"]),
        # A saved plan is a draft until it balances within the maximum grant.
        "plan": (
            a.plan_saved
            and not plan_problems(a.total_costs, a.total_financing, a.requested_amount, a.programme),
            a.plan_saved or bool(a.lines.all()),
        ),
        "bank": _filled(a, *REQUIRED_FIELDS["bank"]),
        "attachments": (not missing_attachment_kinds(a), bool(a.attachments.all())),
        "declarations": _filled(a, *REQUIRED_FIELDS["declarations"]),
    }
    return [
        Section(
            slug=slug,
            title=SECTION_TITLES[slug],
            complete=complete,
            started=started,
            url=reverse("funding:section", kwargs={"key": a.key, "section": SECTION_SLUGS[slug]}),
        )
        for slug, (complete, started) in states.items()
    ]


# The application's own fields, section by section: the forms, the admin and the summary follow this.
SECTION_FIELDS = {
    "applicant": (
        "street",
        "postcode",
        "city",
        "contact_name",
        "contact_email",
        "contact_phone",
        "signatory_name",
        "signatory_role",
    ),
    "project": (
        "title",
        "area",
        "description",
        "goals",
        "target_group",
        "expected_participants",
        "communities",
        "partners",
        "venue",
        "start_date",
        "end_date",
        "not_started",
    ),
    "plan": (),
    "bank": ("account_holder", "iban", "bank_name"),
    "attachments": (),
    "declarations": (
        "declares_truthful",
        "declares_no_double_funding",
        "declares_privacy_notice",
        "signature_name",
        "signature_place",
        "signature_date",
    ),
}

# What a section needs before it counts as complete; the other fields of SECTION_FIELDS are optional.
OPTIONAL_FIELDS = {"contact_phone", "communities", "partners"}
REQUIRED_FIELDS = {
    section: tuple(name for name in names if name not in OPTIONAL_FIELDS)
    for section, names in SECTION_FIELDS.items()
}


def _display(application, name):
    from django.utils.formats import date_format

    field = Application._meta.get_field(name)
    value = getattr(application, name)
    if field.choices:
        return getattr(application, f"get_{name}_display")()
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return date_format(value, "SHORT_DATE_FORMAT")
    if name == "iban":
        return application.iban_display
    return value


def summary(application: Application) -> list[dict]:
    """The answers of every section as (label, value) rows, for the check page and the PDF."""
    blocks = []
    for section in sections(application):
        rows = [
            (capfirst(Application._meta.get_field(name).verbose_name), _display(application, name))
            for name in SECTION_FIELDS[section.slug]
        ]
        if section.slug == "applicant":
            rows.insert(0, (_("Organisation"), application.organisation.name))
        blocks.append({"slug": section.slug, "title": section.title, "url": section.url, "rows": rows})
    return blocks


def blank_summary() -> list[dict]:
    """The same blocks as ``summary`` with empty answers: the paper form."""
    blocks = []
    for slug, title in SECTION_TITLES.items():
        rows = [
            (capfirst(Application._meta.get_field(name).verbose_name), "") for name in SECTION_FIELDS[slug]
        ]
        if slug == "applicant":
            rows.insert(0, (_("Organisation"), ""))
        blocks.append({"slug": slug, "title": title, "url": "", "rows": rows})
    return blocks


@dataclass
class BudgetRow:
    label: str
    applications: int = 0
    requested: Decimal = ZERO
    granted: Decimal = ZERO
    paid: Decimal = ZERO


def budget_overview(programme: Programme) -> dict:
    """Budget, requested, granted, paid and remaining of a programme, in total and by funding area.

    Two aggregate queries whatever the number of applications.
    """
    rows = {area: BudgetRow(label=label) for area, label in FundingArea.choices}
    rows[""] = BudgetRow(label=_("no funding area yet"))
    not_counted = [State.DRAFT, State.WITHDRAWN]
    per_area = (
        Application.objects.filter(programme=programme)
        .exclude(state__in=not_counted)
        .values("area")
        .annotate(
            count=Count("pk"),
            granted=Sum("granted_amount", filter=Q(state__in=GRANTED)),
            paid=Sum("granted_amount", filter=Q(state__in=GRANTED, paid_on__isnull=False)),
        )
    )
    for row in per_area:
        target = rows.setdefault(row["area"], BudgetRow(label=row["area"]))
        target.applications = row["count"]
        target.granted = row["granted"] or ZERO
        target.paid = row["paid"] or ZERO
    requested = (
        PlanLine.objects.filter(application__programme=programme, category=PlanLine.Category.REQUESTED_GRANT)
        .exclude(application__state__in=not_counted)
        .values("application__area")
        .annotate(total=Sum("amount"))
    )
    for row in requested:
        rows.setdefault(row["application__area"], BudgetRow(label=row["application__area"])).requested = row[
            "total"
        ]
    areas = [row for key, row in rows.items() if key or row.applications]
    total = BudgetRow(
        label=_("Total"),
        applications=sum(r.applications for r in areas),
        requested=sum((r.requested for r in areas), ZERO),
        granted=sum((r.granted for r in areas), ZERO),
        paid=sum((r.paid for r in areas), ZERO),
    )
    return {
        "programme": programme,
        "areas": areas,
        "total": total,
        "remaining": programme.budget - total.granted,
        "chart": budget_chart(programme, areas),
    }


def budget_chart(programme: Programme, areas: list[BudgetRow]) -> dict:
    """Bar geometry for a server-rendered SVG chart: labels left, bars of at most 400 units from x = 200.

    The scale is the budget or the largest figure, whichever is larger; a dashed line marks the budget.
    """
    scale = max([programme.budget, *(r.requested for r in areas)]) or Decimal("1")
    bars = []
    for index, row in enumerate(areas):
        y = index * 70
        bars.append(
            {
                "label": row.label,
                "y": y,
                "series": [
                    {
                        "name": name,
                        "value": value,
                        "width": round(float(value / scale * 400), 1),
                        "label_x": round(205 + float(value / scale * 400), 1),
                        "y": y + 22 + offset * 14,
                    }
                    for offset, (name, value) in enumerate(
                        ((_("requested"), row.requested), (_("granted"), row.granted), (_("paid"), row.paid))
                    )
                ],
            }
        )
    return {
        "bars": bars,
        "height": max(70 * len(areas), 70) + 20,
        "budget_x": round(200 + float(programme.budget / scale * 400), 1),
    }
