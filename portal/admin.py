from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.models import BarrierReport, ContactPerson, Page, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal data"), {"fields": ["first_name", "last_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title_de", "updated_at"]
    fieldsets = [
        (None, {"fields": ["slug"]}),
        (_("German"), {"fields": ["title_de", "body_de"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(ContactPerson)
class ContactPersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role_de", "phone", "email", "position", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "email", "is_resolved"]
    list_filter = ["is_resolved"]
    readonly_fields = ["created_at", "page_url", "description", "name", "email"]
    search_fields = ["description", "page_url"]
