from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from meetings import services
from meetings.forms import MeetingAdminForm
from meetings.models import Meeting, Network, NetworkMeetingRequest, Registration, Room


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@admin.register(Network)
class NetworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "on_request_only", "contact_name"]
    list_filter = ["on_request_only"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Room)
class RoomAdmin(SimpleHistoryAdmin):
    list_display = ["name", "building", "floor", "capacity", "step_free", "hearing_loop"]
    list_filter = ["building", "step_free", "hearing_loop"]
    search_fields = ["name", "building", "address"]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "organisation", "status", "registered_at", "attended"]
    readonly_fields = ["user", "organisation", "status", "registered_at"]
    can_delete = False
    ordering = ["status", "registered_at"]

    def has_add_permission(self, request, obj=None):
        # Registrations go through the registration service (capacity, waiting list, mails).
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    form = MeetingAdminForm
    list_display = ["title", "start", "room", "network", "status", "registration_open", "staff_links"]
    list_filter = ["network", "status", "room", "registration_open"]
    search_fields = ["title", "agenda"]
    date_hierarchy = "start"
    readonly_fields = ["sequence"]
    inlines = [RegistrationInline]
    actions = ["cancel_meetings", "mark_held"]
    fieldsets = [
        (None, {"fields": ["network", "title", "start", "end", "room", "status"]}),
        (_("Registration"), {"fields": ["registration_open", "capacity"]}),
        (_("Content"), {"fields": ["agenda", "minutes"]}),
        (_("Calendar"), {"fields": ["sequence"]}),
    ]

    @admin.display(description=_("attendance"))
    def staff_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("meetings:check_in", args=[obj.pk]),
            _("tick"),
            reverse("meetings:sign_in_sheet", args=[obj.pk]),
            _("sign-in sheet"),
        )

    def save_model(self, request, obj, form, change):
        changes = services.save_meeting(obj, request.user, site_url=_site_url(request))
        if changes:
            count = obj.registrations.active().count()
            self.message_user(
                request,
                ngettext(
                    "%(count)d registered person is told about the change by e-mail.",
                    "%(count)d registered people are told about the change by e-mail.",
                    count,
                )
                % {"count": count},
                messages.INFO,
            )

    @admin.action(description=_("Cancel the selected meetings (registered people get a mail)"))
    def cancel_meetings(self, request, queryset):
        for meeting in queryset.exclude(status=Meeting.Status.CANCELLED):
            services.set_status(meeting, Meeting.Status.CANCELLED, request.user, site_url=_site_url(request))
        self.message_user(request, _("The selected meetings have been cancelled."), messages.SUCCESS)

    @admin.action(description=_("Mark the selected meetings as held"))
    def mark_held(self, request, queryset):
        for meeting in queryset.exclude(status=Meeting.Status.CANCELLED):
            services.set_status(meeting, Meeting.Status.HELD, request.user, site_url=_site_url(request))
        self.message_user(request, _("The selected meetings have been marked as held."), messages.SUCCESS)


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "meeting", "status", "attended", "registered_at"]
    list_filter = ["status", "attended", "meeting__network", "meeting"]
    list_editable = ["attended"]
    search_fields = ["user__email", "user__last_name", "organisation__name", "meeting__title"]
    list_select_related = ["user", "organisation", "meeting"]
    readonly_fields = ["meeting", "user", "organisation", "status", "registered_at", "cancelled_at"]
    actions = ["mark_attended", "mark_absent"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as present"))
    def mark_attended(self, request, queryset):
        queryset.update(attended=True)

    @admin.action(description=_("Mark as absent"))
    def mark_absent(self, request, queryset):
        queryset.update(attended=False)


@admin.register(NetworkMeetingRequest)
class NetworkMeetingRequestAdmin(admin.ModelAdmin):
    list_display = [
        "network_name",
        "organisation",
        "requested_by",
        "expected_participants",
        "created_at",
        "is_handled",
    ]
    list_filter = ["is_handled"]
    list_editable = ["is_handled"]
    search_fields = ["network_name", "topic", "organisation__name"]
    readonly_fields = [
        "organisation",
        "requested_by",
        "network_name",
        "topic",
        "preferred_dates",
        "expected_participants",
        "created_at",
    ]
