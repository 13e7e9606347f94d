import csv
import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from funding import queries, services
from funding.forms import TransitionForm
from funding.models import Application, ApplicationEvent, Attachment, PlanLine, Programme
from funding.workflow import Action, State
from portal.exports import append_xlsx_row, safe_row

EXPORT_COLUMNS = [
    ("reference", _("Reference number")),
    ("state", _("State")),
    ("programme", _("Funding programme")),
    ("organisation", _("Organisation")),
    ("title", _("Project title")),
    ("area", _("Funding area")),
    ("start_date", _("Start date")),
    ("end_date", _("End date")),
    ("total_costs", _("Total costs")),
    ("requested_amount", _("Requested grant")),
    ("granted_amount", _("Granted amount")),
    ("submitted_at", _("Submitted")),
]


def export_rows(queryset):
    queryset = queryset.select_related("programme", "organisation").prefetch_related("lines")
    for application in queryset:
        yield [
            application.reference or "",
            application.get_state_display(),
            application.programme.name,
            application.organisation.name,
            application.title,
            application.get_area_display(),
            application.start_date,
            application.end_date,
            application.total_costs,
            application.requested_amount,
            application.granted_amount,
            application.submitted_at.replace(tzinfo=None) if application.submitted_at else None,
        ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PlanLineInline(ReadOnlyInline):
    model = PlanLine
    fields = ["side", "category", "description", "amount"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name)


class ApplicationEventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "action", "from_state", "to_state", "actor", "message"]
    readonly_fields = fields


class ProofOverdueFilter(admin.SimpleListFilter):
    title = _("proof of use")
    parameter_name = "proof"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("submitted", _("submitted, to check"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(state__in=services.PROOF_EDITABLE, proof_due_on__lt=timezone.localdate())
        if self.value() == "submitted":
            return queryset.filter(state=State.PROOF_SUBMITTED)
        return queryset


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "opens_on", "closes_on", "budget", "max_grant", "budget_link"]
    search_fields = ["name"]

    @admin.display(description=_("budget dashboard"))
    def budget_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:funding_programme_budget", args=[obj.pk]),
            _("Budget dashboard"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/haushalt/",
                self.admin_site.admin_view(self.budget_view),
                name="funding_programme_budget",
            ),
            *super().get_urls(),
        ]

    def budget_view(self, request, pk):
        if not request.user.has_perm("funding.view_application"):
            raise PermissionDenied
        programme = get_object_or_404(Programme, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Budget dashboard: %(programme)s") % {"programme": programme.name},
            **queries.budget_overview(programme),
        }
        return TemplateResponse(request, "admin/funding/programme/budget.html", context)


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "organisation", "programme", "state", "area", "submitted_at"]
    list_filter = ["programme", "state", "area", ProofOverdueFilter]
    search_fields = ["reference", "organisation__name", "title"]
    list_select_related = ["programme", "organisation"]
    date_hierarchy = "submitted_at"
    inlines = [PlanLineInline, AttachmentInline, ApplicationEventInline]
    actions = ["export_csv", "export_xlsx"]
    change_form_template = "admin/funding/application/change_form.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference",
                    "state",
                    "programme",
                    "organisation",
                    "pdf_link",
                    "submitted_at",
                    "changes_since_last_submission",
                ]
            },
        ),
        (
            _("Applicant"),
            {"fields": list(queries.SECTION_FIELDS["applicant"])},
        ),
        (
            _("Project"),
            {"fields": list(queries.SECTION_FIELDS["project"])},
        ),
        (_("Cost and financing plan"), {"fields": ["total_costs", "total_financing", "requested_amount"]}),
        (_("Bank account"), {"fields": list(queries.SECTION_FIELDS["bank"])}),
        (
            _("Declarations and signature"),
            {"fields": list(queries.SECTION_FIELDS["declarations"])},
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "granted_amount",
                    "financing_type",
                    "conditions",
                    "decision_reason",
                    "decided_at",
                    "proof_due_on",
                    "paid_on",
                ]
            },
        ),
        (_("Proof of use"), {"fields": ["proof_summary"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The applicant's data is evidence: staff read it here and change the state through the workflow.
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("funding:pdf", kwargs={"key": obj.key}), _("Application as PDF")
        )

    @admin.display(description=_("proof of use"))
    def proof_summary(self, obj):
        proof = getattr(obj, "proof", None)
        if proof is None:
            return "–"
        figures = services.proof_figures(obj)
        return format_html(
            '<a href="{}">{}</a><br>{}: {} EUR · {}: {} EUR · {}: {}<br>{}',
            reverse("funding:proof_pdf", kwargs={"key": obj.key}),
            _("Proof of use as PDF"),
            _("actual costs"),
            services.euros(figures.actual_costs),
            _("to pay back"),
            services.euros(figures.pay_back),
            _("receipts"),
            proof.receipts.count(),
            proof.report,
        )

    @admin.display(description=_("changes since the previous submission"))
    def changes_since_last_submission(self, obj):
        snapshots = [
            event.data["snapshot"]
            for event in obj.events.filter(action__in=[Action.SUBMIT, Action.RESUBMIT]).order_by(
                "-created_at"
            )[:2]
            if isinstance(event.data.get("snapshot"), dict)
        ]
        if len(snapshots) < 2:
            return "–"
        changes = services.changes_between(snapshots[1], snapshots[0])
        if not changes:
            return _("no changes")
        rows = format_html_join("", "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>", changes)
        return format_html(
            "<table><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th><th scope='col'>{}</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            _("answer"),
            _("before"),
            _("now"),
            rows,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="funding_application_transition",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_actions"] = [
                (action, Action(action).label) for action in services.available_actions(request.user, obj)
            ]
            if obj.decided_at:
                context["decision_pdf_url"] = reverse("funding:decision_pdf", kwargs={"key": obj.key})
        return super().render_change_form(request, context, add, change, form_url, obj)

    def transition_view(self, request, pk, action):
        application = get_object_or_404(Application, pk=pk)
        if action not in Action.values:
            raise Http404
        if action not in services.available_actions(request.user, application):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, action=action, application=application)
        if request.method == "POST" and form.is_valid():
            try:
                services.transition(application, action, request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
                return redirect("admin:funding_application_change", application.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{Action(action).label}: {application}",
            "application": application,
            "form": form,
            "action_label": Action(action).label,
        }
        return TemplateResponse(request, "admin/funding/application/transition.html", context)

    @admin.display(description=_("total costs"))
    def total_costs(self, obj):
        return obj.total_costs

    @admin.display(description=_("total financing"))
    def total_financing(self, obj):
        return obj.total_financing

    @admin.display(description=_("requested grant"))
    def requested_amount(self, obj):
        return obj.requested_amount

    @admin.action(description=_("Export selected applications as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="foerderantraege.csv"'
        response.write("\ufeff")  # spreadsheet programs need the BOM to read UTF-8
        writer = csv.writer(response, delimiter=";")
        writer.writerow([str(label) for _, label in EXPORT_COLUMNS])
        writer.writerows(safe_row(row) for row in export_rows(queryset))
        return response

    @admin.action(description=_("Export selected applications as Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(_("Applications"))[:31]
        sheet.append([str(label) for _, label in EXPORT_COLUMNS])
        for row in export_rows(queryset):
            append_xlsx_row(sheet, row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="foerderantraege.xlsx"'
        return response
