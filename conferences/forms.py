from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences import files
from conferences.models import DOCUMENT_LANGUAGES, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, Conference, Document
from portal.uploads import PDF, validate_upload

MAX_FILES_AT_ONCE = 30


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the archive"),
        required=False,
        max_length=100,
        help_text=_("Searches titles, summaries and the text of the documents."),
        error_messages={"max_length": _("Please enter at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "id": "id_q"})


class ConferenceAdminForm(forms.ModelForm):
    class Meta:
        model = Conference
        fields = ["title", "subtitle", "year", "slug", "status", "meeting", "venue", "summary", "programme"]

    def clean(self):
        cleaned = super().clean()
        meeting, year, status = cleaned.get("meeting"), cleaned.get("year"), cleaned.get("status")
        if meeting and year and timezone.localtime(meeting.start).year != year:
            self.add_error("year", _("The year must be the year of the meeting."))
        if status == Conference.Status.ANNOUNCED and not meeting:
            self.add_error(
                "meeting", _("An announced conference needs its meeting (date, room and registration).")
            )
        return cleaned


def _check_document_file(uploaded):
    mime = validate_upload(uploaded, DOCUMENT_TYPES, MAX_DOCUMENT_BYTES)
    if mime == PDF:
        files.check_pdf(uploaded)
    return uploaded


class DocumentAdminForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "kind", "language", "file", "position"]

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if isinstance(uploaded, UploadedFile):
            _check_document_file(uploaded)
        return uploaded


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)) and data:
            return [single(item, initial) for item in data]
        if data and not isinstance(data, (list, tuple)):
            return [single(data, initial)]
        single(None, initial)  # raises "required"
        return []


class DocumentUploadForm(forms.Form):
    """Several files for one conference at once; the titles come from the file names."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_("PDF, Word, JPEG or PNG, up to 20 MB each, at most 30 files. You can select several."),
        error_messages={"required": _("Choose at least one file.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Document.Kind.choices, initial=Document.Kind.PRESENTATION
    )
    language = forms.ChoiceField(label=_("Language"), choices=DOCUMENT_LANGUAGES, initial="de")

    def clean_files(self):
        uploaded_files = self.cleaned_data["files"]
        if len(uploaded_files) > MAX_FILES_AT_ONCE:
            raise forms.ValidationError(
                _("Please upload at most %(count)d files at once."), params={"count": MAX_FILES_AT_ONCE}
            )
        errors = []
        for uploaded in uploaded_files:
            try:
                _check_document_file(uploaded)
            except forms.ValidationError as error:
                errors.extend(
                    forms.ValidationError(
                        _("%(name)s: %(problem)s"), params={"name": uploaded.name, "problem": message}
                    )
                    for message in error.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return uploaded_files
