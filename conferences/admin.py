from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from conferences import services
from conferences.forms import ConferenceAdminForm, DocumentAdminForm, DocumentUploadForm
from conferences.models import Conference, Document, Photo


class _ViewLink:
    """A stored file as the admin's file widget shows it, linked to the permission-checked view
    (the files are private and have no media URL)."""

    def __init__(self, field_file):
        self.field_file = field_file
        self.url = field_file.instance.get_absolute_url()

    def __str__(self):
        return str(self.field_file)


class PrivateFileWidget(AdminFileWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and getattr(value, "instance", None) and value.instance.pk:
            context["widget"]["value"] = _ViewLink(value)
        return context


class DocumentInline(admin.TabularInline):
    model = Document
    form = DocumentAdminForm
    formfield_overrides = {models.FileField: {"widget": PrivateFileWidget}}
    extra = 1
    fields = ["position", "title", "kind", "language", "file", "file_facts"]
    readonly_fields = ["file_facts"]
    ordering = ["position", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text", "search_vector")

    @admin.display(description=_("file type, size, pages"))
    def file_facts(self, obj):
        if not obj or not obj.pk:
            return "–"
        parts = [obj.type_label, filesizeformat(obj.size)]
        if obj.page_count:
            parts.append(
                ngettext("%(count)d page", "%(count)d pages", obj.page_count) % {"count": obj.page_count}
            )
        return ", ".join(parts)


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 1
    formfield_overrides = {models.ImageField: {"widget": PrivateFileWidget}}
    fields = ["position", "image", "alt_text", "caption"]
    ordering = ["position", "pk"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    form = ConferenceAdminForm
    change_form_template = "conferences/admin/change_form.html"
    list_display = ["title", "year", "status", "meeting", "document_count", "public_link"]
    list_filter = ["status", "year"]
    search_fields = ["title", "subtitle", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting"]
    inlines = [DocumentInline, PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "subtitle", "year", "slug", "status"]}),
        (_("Date, venue and registration"), {"fields": ["meeting", "venue"]}),
        (_("Content"), {"fields": ["summary", "programme"]}),
    ]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).defer("search_vector").annotate(document_total=Count("documents"))
        )

    @admin.display(description=_("documents"), ordering="document_total")
    def document_count(self, obj):
        return obj.document_total

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("show"))

    def save_model(self, request, obj, form, change):
        services.save_conference(obj, request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Document:
            instances = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            for instance in instances:
                services.save_photo(instance, request.user)
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete_document(obj, request.user)
        for instance in instances:
            services.save_document(instance, request.user, refresh=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_search_vector(form.instance)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/upload/",
                self.admin_site.admin_view(self.upload_documents_view),
                name="conferences_conference_upload",
            ),
            *super().get_urls(),
        ]

    def upload_documents_view(self, request, object_id):
        conference = self.get_object(request, object_id)
        if conference is None:
            raise Http404
        if not (
            self.has_change_permission(request, conference)
            and request.user.has_perm("conferences.add_document")
        ):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            created = services.add_documents(
                conference,
                form.cleaned_data["files"],
                kind=form.cleaned_data["kind"],
                language=form.cleaned_data["language"],
                user=request.user,
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d document has been added. Check the titles and the order.",
                    "%(count)d documents have been added. Check the titles and the order.",
                    len(created),
                )
                % {"count": len(created)},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:conferences_conference_change", args=[conference.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload several documents"),
            "conference": conference,
            "form": form,
            "opts": self.opts,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "conferences/admin/upload_documents.html", context)
