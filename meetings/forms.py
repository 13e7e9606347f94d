from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting, NetworkMeetingRequest
from organisations.queries import represented_organisations


class MeetingAdminForm(forms.ModelForm):
    """The staff's form: a new meeting may not lie in the past; overlaps are caught by the model."""

    class Meta:
        model = Meeting
        fields = [
            "network",
            "title",
            "start",
            "end",
            "room",
            "status",
            "registration_open",
            "capacity",
            "agenda",
            "minutes",
        ]

    def clean_start(self):
        start = self.cleaned_data["start"]
        if self.instance.pk is None and start < timezone.now():
            raise forms.ValidationError(_("A new meeting cannot start in the past."))
        return start


class OrganisationChoiceMixin:
    def _limit_organisations(self, user):
        field = self.fields["organisation"]
        field.queryset = represented_organisations(user).order_by("name")
        field.empty_label = None
        if field.queryset.count() == 1:
            field.initial = field.queryset.first()


class RegistrationForm(OrganisationChoiceMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("For which organisation are you coming?"),
        queryset=None,
        error_messages={
            "required": _("Choose the organisation you represent."),
            "invalid_choice": _("You can only register for an organisation you represent."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(user)


class NetworkMeetingRequestForm(OrganisationChoiceMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=None,
        error_messages={
            "required": _("Choose the organisation you represent."),
            "invalid_choice": _("You can only send a request for an organisation you represent."),
        },
    )

    class Meta:
        model = NetworkMeetingRequest
        fields = ["organisation", "network_name", "topic", "preferred_dates", "expected_participants"]
        widgets = {"topic": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "network_name": {"required": _("Enter which network should meet.")},
            "topic": {"required": _("Describe what the meeting should be about.")},
            "expected_participants": {
                "required": _("Enter how many people you expect."),
                "invalid": _("Enter the number of people as a whole number, for example 12."),
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_organisations(user)
        self.fields["expected_participants"].min_value = 1
        self.fields["expected_participants"].widget.attrs.update({"min": 1, "max": 500})

    def clean_expected_participants(self):
        value = self.cleaned_data["expected_participants"]
        if not 1 <= value <= 500:
            raise forms.ValidationError(_("Enter a number between 1 and 500."))
        return value


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(r.pk), str(r.user or _("anonymised"))) for r in registrations]
        self.initial.setdefault("attended", [str(r.pk) for r in registrations if r.attended])
