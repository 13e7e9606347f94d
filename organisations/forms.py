from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from organisations.models import District, Language, Membership, OfferCategory, Organisation
from organisations.queries import MAX_QUERY_LENGTH, DirectoryFilters, Sort

# The fields a representative may change; status, slug, network membership stay with the staff.
EDITABLE_FIELDS = [
    "name",
    "short_name",
    "legal_form",
    "founded_year",
    "description",
    "activities",
    "offers",
    "target_groups",
    "languages",
    "origins",
    "community",
    "street",
    "postal_code",
    "city",
    "district",
    "meeting_times",
    "meeting_place",
    "email",
    "phone",
    "website",
    "logo",
    "logo_alt",
    "publication_consent",
]


class DirectoryForm(forms.Form):
    """The search and filters of the directory (GET). Invalid values are reported and ignored."""

    q = forms.CharField(
        label=_("Search term"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Please enter at most %(limit_value)d characters.")},
    )
    angebot = forms.ChoiceField(label=_("Offer"), required=False)
    sprache = forms.ChoiceField(label=_("Language"), required=False)
    herkunft = forms.ChoiceField(label=_("Origin"), required=False)
    bezirk = forms.ChoiceField(label=_("District"), required=False)
    sortierung = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("", _("best match")),
            (Sort.NAME, _("name")),
            (Sort.CONFIRMED, _("recently confirmed")),
        ],
    )

    def __init__(self, data, categories, **kwargs):
        super().__init__(data, **kwargs)
        every = [("", _("all"))]
        self.fields["angebot"].choices = every + [(c.slug, c.name) for c in categories]
        self.fields["sprache"].choices = every + list(Language.choices)
        self.fields["herkunft"].choices = every + list(countries)
        self.fields["bezirk"].choices = every + list(District.choices)
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = _(
                "This value is not available; the filter was ignored."
            )

    def filters(self) -> DirectoryFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DirectoryFilters(
            q=(data.get("q") or "").strip(),
            offer=data.get("angebot") or "",
            language=data.get("sprache") or "",
            origin=data.get("herkunft") or "",
            district=data.get("bezirk") or "",
            sort=data.get("sortierung") or "",
        )


postal_code_validator = RegexValidator(r"^\d{5}$", _("Please enter a postal code of five digits."))


class OrganisationForm(forms.ModelForm):
    """The entry as a representative edits it."""

    class Meta:
        model = Organisation
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "activities": forms.Textarea(attrs={"rows": 8}),
            "offers": forms.CheckboxSelectMultiple,
            "logo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Name and legal form"), "name", "short_name", "legal_form", "founded_year"),
            Fieldset(_("What the organisation does"), "description", "activities", "offers", "target_groups"),
            Fieldset(_("Languages and origin"), "languages", "origins", "community"),
            Fieldset(
                _("Where and when"),
                "street",
                "postal_code",
                "city",
                "district",
                "meeting_times",
                "meeting_place",
            ),
            Fieldset(_("Contact"), "email", "phone", "website"),
            Fieldset(_("Logo"), "logo", "logo_alt"),
            Fieldset(_("Publication"), "publication_consent"),
        )
        self.fields["offers"].queryset = OfferCategory.objects.order_by("position", "name_de")
        self.fields["offers"].label_from_instance = lambda category: category.name
        self.fields["postal_code"].validators.append(postal_code_validator)
        self.fields["publication_consent"].label = _(
            "We agree that this entry is shown publicly in the directory and in the open data export."
        )

    def clean(self):
        cleaned = super().clean()
        logo = cleaned.get("logo")
        if logo and not cleaned.get("logo_alt"):
            self.add_error("logo_alt", _("Please describe the logo for people who cannot see it."))
        return cleaned


class ProposeForm(OrganisationForm):
    role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=100,
        help_text=_("For example: chair, board member, volunteer."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append(Fieldset(_("About you"), "role"))

    def clean_publication_consent(self):
        consent = self.cleaned_data.get("publication_consent")
        if not consent:
            raise forms.ValidationError(_("Without consent the entry cannot be published."))
        return consent


class MembershipRequestForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "message"]
        labels = {
            "role": _("Your role in the organisation"),
            "message": _("Anything the city staff should know (optional)"),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the representative)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
