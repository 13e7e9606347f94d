from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from organisations import exports, services
from organisations.forms import ReasonForm
from organisations.models import STALE_AFTER_DAYS, ChangeRequest, Membership, OfferCategory, Organisation


def decide_each(request, queryset, decide) -> int:
    """Apply a moderation step to each object; report the ones it refuses; return how many it took."""
    done = 0
    for obj in queryset:
        try:
            decide(obj)
            done += 1
        except ValidationError as error:
            messages.error(request, f"{obj}: {' '.join(error.messages)}")
    return done


def reason_action(request, queryset, title, decide, action_name):
    """An admin action that first asks for a reason (mailed to the representatives), then decides."""
    if "apply" in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            done = decide_each(request, queryset, lambda obj: decide(obj, form.cleaned_data["reason"]))
            if done:
                messages.success(request, ngettext("%d entry decided.", "%d entries decided.", done) % done)
            return None
    else:
        form = ReasonForm()
    return TemplateResponse(
        request,
        "admin/organisations/reason_form.html",
        {
            "title": title,
            "form": form,
            "objects": queryset,
            "action_name": action_name,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "opts": queryset.model._meta,
        },
    )


class StaleFilter(admin.SimpleListFilter):
    title = _("confirmation")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("not confirmed for 12 months")),
            ("no", _("confirmed within 12 months")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.stale()
        if self.value() == "no":
            limit = timezone.now() - timezone.timedelta(days=STALE_AFTER_DAYS)
            return queryset.filter(confirmed_at__gte=limit)
        return queryset


class PendingChangeFilter(admin.SimpleListFilter):
    title = _("changes by representatives")
    parameter_name = "pending_change"

    def lookups(self, request, model_admin):
        return [("yes", _("waiting for approval"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(change_requests__status=ChangeRequest.Status.PENDING)
        return queryset


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    fields = ["user", "role", "status", "created_at", "decided_at"]
    readonly_fields = ["created_at", "decided_at"]
    autocomplete_fields = ["user"]


@admin.register(OfferCategory)
class OfferCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_de"]}
    search_fields = ["name_de", "name_en"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "district", "network_member", "confirmed_at", "updated_at"]
    list_filter = [
        "status",
        PendingChangeFilter,
        "offers",
        "district",
        StaleFilter,
        "network_member",
        "legal_form",
    ]
    search_fields = ["name", "short_name", "email", "community"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["offers"]
    inlines = [MembershipInline]
    date_hierarchy = "created_at"
    actions = ["publish", "send_back", "archive", "export_csv", "export_xlsx"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "status", "network_member", "publication_consent"]}),
        (
            _("About"),
            {"fields": ["legal_form", "founded_year", "description", "activities", "target_groups"]},
        ),
        (_("Offers, languages, origin"), {"fields": ["offers", "languages", "origins", "community"]}),
        (
            _("Place and contact"),
            {
                "fields": [
                    "street",
                    "postal_code",
                    "city",
                    "district",
                    "meeting_times",
                    "meeting_place",
                    "email",
                    "phone",
                    "website",
                ]
            },
        ),
        (_("Logo"), {"fields": ["logo", "logo_alt"]}),
        (_("Dates"), {"fields": ["confirmed_at", "reminded_at", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["reminded_at", "created_at", "updated_at"]

    @admin.action(description=_("Publish selected entries"), permissions=["change"])
    def publish(self, request, queryset):
        done = decide_each(
            request, queryset, lambda organisation: services.publish_organisation(organisation, request.user)
        )
        if done:
            self.message_user(
                request,
                ngettext("%d entry published.", "%d entries published.", done) % done,
                messages.SUCCESS,
            )

    @admin.action(description=_("Send back to the representatives with a reason"), permissions=["change"])
    def send_back(self, request, queryset):
        return reason_action(
            request,
            queryset,
            _("Send entries back with a reason"),
            lambda organisation, reason: services.reject_organisation(organisation, request.user, reason),
            "send_back",
        )

    @admin.action(description=_("Archive selected entries"), permissions=["change"])
    def archive(self, request, queryset):
        done = decide_each(
            request, queryset, lambda organisation: services.archive_organisation(organisation, request.user)
        )
        if done:
            self.message_user(
                request,
                ngettext("%d entry archived.", "%d entries archived.", done) % done,
                messages.SUCCESS,
            )

    @admin.action(description=_("Export selected entries as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(exports.to_csv(queryset, exports.STAFF_FIELDS), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="vereine.csv"'
        return response

    @admin.action(description=_("Export selected entries as Excel (XLSX)"))
    def export_xlsx(self, request, queryset):
        response = HttpResponse(
            exports.to_xlsx(queryset, exports.STAFF_FIELDS),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="vereine.xlsx"'
        return response


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role", "status", "proposed_entry", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]
    list_select_related = ["user", "organisation"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve selected membership requests"), permissions=["change"])
    def approve(self, request, queryset):
        done = decide_each(
            request,
            queryset,
            lambda membership: services.decide_membership(membership, request.user, approve=True),
        )
        if done:
            self.message_user(
                request,
                ngettext("%d membership approved.", "%d memberships approved.", done) % done,
                messages.SUCCESS,
            )

    @admin.action(description=_("Reject selected membership requests with a reason"), permissions=["change"])
    def reject(self, request, queryset):
        return reason_action(
            request,
            queryset,
            _("Reject membership requests"),
            lambda membership, reason: services.decide_membership(membership, request.user, False, reason),
            "reject",
        )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "submitted_by", "status", "created_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "submitted_by__email"]
    list_select_related = ["organisation", "submitted_by"]
    readonly_fields = [
        "organisation",
        "submitted_by",
        "comparison",
        "proposed_logo",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "reason",
    ]
    exclude = ["data", "logo"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Changes"))
    def comparison(self, change):
        rows = services.change_diff(change)
        if not rows:
            return _("No field differs from the published entry.")
        body = format_html_join(
            "", "<tr><th scope='row'>{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>", rows
        )
        return format_html(
            "<table><caption>{}</caption><thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Field-by-field comparison"),
            _("Field"),
            _("Published now"),
            _("Proposed"),
            body,
        )

    @admin.display(description=_("proposed logo"))
    def proposed_logo(self, change):
        if not change.logo:
            return "–"
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" width="120"></a>',
            reverse("organisations:change_logo", args=[change.pk]),
            reverse("organisations:change_logo", args=[change.pk]),
            change.data.get("logo_alt", ""),
        )

    @admin.action(description=_("Approve selected changes"), permissions=["change"])
    def approve(self, request, queryset):
        for change in queryset:
            try:
                services.approve_change(change, request.user)
            except ValidationError as error:
                self.message_user(request, f"{change}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, _("The selected changes have been decided."), messages.SUCCESS)

    @admin.action(description=_("Reject selected changes with a reason"), permissions=["change"])
    def reject(self, request, queryset):
        return reason_action(
            request,
            queryset,
            _("Reject changes"),
            lambda change, reason: services.reject_change(change, request.user, reason),
            "reject",
        )
