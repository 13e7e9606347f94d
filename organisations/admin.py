from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisations.models import Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
    autocomplete_fields = ["user", "organisation"]
