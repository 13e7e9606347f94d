import datetime
import re
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _
from localflavor.generic.forms import IBANFormField

from funding.models import Application, Attachment, FinancingType, FundingArea, PlanLine, Programme
from funding.queries import REQUIRED_FIELDS, SECTION_FIELDS, plan_problems
from funding.workflow import Action
from portal.uploads import DOCUMENT_TYPES, validate_upload

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _grouped(separator: str) -> re.Pattern:
    """Digits in groups of three after a first group of one to three, e.g. 1.250.000 or 12,500."""
    return re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(separator)}[0-9]{{3}})+")


GROUPED = {",": _grouped(","), ".": _grouped(".")}


def normalise_amount(text: str) -> str | None:
    """An amount as typed, as a plain decimal string ("1250.50"); None when its separators make no sense.

    Thousands separators follow the active language (German 1.250,50, English 1,250.50). A single
    separator is read as the decimal point unless it is the language's thousands separator between
    groups of three digits, so "1200.50" and "1200,50" stay decimals in both languages. Both separators
    together, or one several times, can only be read one way, whatever the language.
    """
    text = re.sub(r"\s", "", text.replace("€", "").replace("EUR", ""))
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        integer, _separator, fraction = body.rpartition(decimal)
        if body.count(decimal) > 1 or not GROUPED[thousands].fullmatch(integer):
            return None
        return f"{sign}{integer.replace(thousands, '')}.{fraction}"
    if commas or dots:
        separator = "," if commas else "."
        thousands = get_format("THOUSAND_SEPARATOR")
        if GROUPED[separator].fullmatch(body) and (separator == thousands or body.count(separator) > 1):
            return sign + body.replace(separator, "")
        if body.count(separator) > 1:
            return None
        return sign + body.replace(separator, ".")
    return sign + body


class MoneyField(forms.DecimalField):
    """Euro amounts as people type them, in the style of the active language (see ``normalise_amount``)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_amount(value)
            if value is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def money_field(label, required=False, help_text=""):
    return MoneyField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        localize=True,
        validators=[MinValueValidator(Decimal("0.00"), message=_("Enter an amount of 0 or more."))],
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "money-input"}),
    )


class RequiredFieldsMixin:
    """Fields are optional in the model (drafts); the section form requires them."""

    required_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_fields:
            self.fields[name].required = True


class NewApplicationForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Funding programme"), queryset=Programme.objects.none(), empty_label=None
    )
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=None)

    def __init__(self, *args, programmes, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["organisation"].queryset = organisations


class ApplicantForm(RequiredFieldsMixin, forms.ModelForm):
    required_fields = REQUIRED_FIELDS["applicant"]

    class Meta:
        model = Application
        fields = list(SECTION_FIELDS["applicant"])
        widgets = {
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }
        labels = {"street": _("Address of the organisation: street and number")}
        help_texts = {
            "signatory_name": _("The person who may sign for the organisation according to its statutes."),
            "signatory_role": _("For example chair or treasurer."),
        }


class ProjectForm(RequiredFieldsMixin, forms.ModelForm):
    required_fields = REQUIRED_FIELDS["project"]

    class Meta:
        model = Application
        fields = list(SECTION_FIELDS["project"])
        widgets = {
            "area": forms.RadioSelect(choices=FundingArea.choices),
            "description": forms.Textarea(attrs={"rows": 6}),
            "goals": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }
        labels = {
            "not_started": _(
                "I confirm that the project has not started yet and will not start before the decision "
                "(no early start)."
            )
        }
        help_texts = {
            "communities": _("Which nationalities or communities take part?"),
            "partners": _("Other organisations or services you work with (optional)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = FundingArea.choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        if start and start < timezone.localdate():
            self.add_error(
                "start_date", _("Funding is only possible for projects that have not started yet.")
            )
        return cleaned


class CostLineForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Type of cost"),
        choices=[("", "–")] + [c for c in PlanLine.Category.choices if c[0] in PlanLine.COST_CATEGORIES],
        required=False,
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = money_field(_("Amount in EUR"))

    def clean(self):
        cleaned = super().clean()
        has_amount = cleaned.get("amount") not in (None, "")
        if (
            (cleaned.get("category") or cleaned.get("description"))
            and not has_amount
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Enter the amount of this cost line."))
        if has_amount and not cleaned.get("category"):
            self.add_error("category", _("Choose the type of this cost line."))
        return cleaned

    @property
    def is_blank(self):
        data = getattr(self, "cleaned_data", {})
        return not data.get("category") and data.get("amount") in (None, "") and not data.get("description")


CostLineFormSet = forms.formset_factory(CostLineForm, extra=3, max_num=40, validate_max=True)


class FinancingForm(forms.Form):
    own_funds = money_field(_("Own funds"))
    participant_fees = money_field(_("Participant fees"))
    donations = money_field(_("Donations"))
    third_party = money_field(
        _("Third-party funds"), help_text=_("Name the other funders in the project description.")
    )
    requested_grant = money_field(_("Requested grant"))


class PlanForm:
    """The cost lines and the financing of the plan.

    Saving needs only valid fields, so a plan can be entered over several visits. Whether it balances
    within the maximum grant is listed in ``problems`` and only stops the submission.
    """

    prefix = "costs"

    def __init__(self, application: Application, data=None):
        self.application = application
        self.programme = application.programme
        initial_costs = [
            {"category": line.category, "description": line.description, "amount": line.amount}
            for line in application.cost_lines()
        ]
        initial_financing = {line.category: line.amount for line in application.financing_lines()}
        # Bound, the lines are what was sent: a line equal to a saved one must not count as unchanged.
        self.costs = CostLineFormSet(
            data, initial=None if data is not None else initial_costs, prefix=self.prefix
        )
        self.financing = FinancingForm(data, initial=initial_financing, prefix="financing")
        self.problems: list[str] = []
        if data is None and application.plan_saved:
            self.problems = plan_problems(
                application.total_costs,
                application.total_financing,
                application.requested_amount,
                self.programme,
            )

    def is_valid(self) -> bool:
        valid = self.costs.is_valid() & self.financing.is_valid()
        if valid:
            self.problems = plan_problems(
                self.total_costs,
                self.total_financing,
                self.financing_amounts()["requested_grant"],
                self.programme,
            )
        return valid

    def cost_lines(self):
        return [
            (form.cleaned_data["category"], form.cleaned_data["description"], form.cleaned_data["amount"])
            for form in self.costs.forms
            if not form.is_blank
        ]

    def financing_amounts(self):
        return {key: value or Decimal("0.00") for key, value in self.financing.cleaned_data.items()}

    @property
    def total_costs(self):
        return sum((amount for _, _, amount in self.cost_lines()), Decimal("0.00"))

    @property
    def total_financing(self):
        return sum(self.financing_amounts().values(), Decimal("0.00"))

    @property
    def has_errors(self):
        return bool(self.costs.non_form_errors() or any(self.costs.errors) or self.financing.errors)


class BankForm(RequiredFieldsMixin, forms.ModelForm):
    required_fields = REQUIRED_FIELDS["bank"]
    iban = IBANFormField(label=_("IBAN"), help_text=_("For example DE89 3704 0044 0532 0130 00."))

    class Meta:
        model = Application
        fields = list(SECTION_FIELDS["bank"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # localflavor puts a non-HTML "max_length" attribute on the input.
        attrs = self.fields["iban"].widget.attrs
        attrs["maxlength"] = attrs.pop("max_length", 42)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=Attachment.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, DOCUMENT_TYPES, Attachment.MAX_BYTES)
        return uploaded


class DeclarationsForm(RequiredFieldsMixin, forms.ModelForm):
    required_fields = REQUIRED_FIELDS["declarations"]

    class Meta:
        model = Application
        fields = list(SECTION_FIELDS["declarations"])
        widgets = {"signature_date": DATE_WIDGET}
        labels = {
            "declares_truthful": _(
                "I declare that all information in this application is complete and true."
            ),
            "declares_no_double_funding": _(
                "I declare that no other public funding has been applied for or granted for the same costs "
                "(no double funding), except as stated in the financing plan."
            ),
            "declares_privacy_notice": _("I have read the data protection notice above."),
            "signature_name": _("Full name of the person signing"),
            "signature_place": _("Place"),
            "signature_date": _("Date"),
        }
        help_texts = {
            "signature_name": _(
                "Typing your name here signs the application electronically on behalf of the organisation."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.initial.get("signature_date"):
            self.initial["signature_date"] = timezone.localdate()

    def clean_signature_date(self):
        value = self.cleaned_data["signature_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of the signature may not be in the future."))
        return value


class WithdrawForm(forms.Form):
    message = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransitionForm(forms.Form):
    """What staff enter with a transition; the fields depend on the action."""

    message = forms.CharField(label=_("Message to the applicant"), widget=forms.Textarea(attrs={"rows": 4}))
    granted_amount = money_field(_("Granted amount in EUR"), required=True)
    financing_type = forms.ChoiceField(label=_("Type of financing"), choices=FinancingType.choices)
    conditions = forms.CharField(
        label=_("Conditions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proof_due_on = forms.DateField(label=_("Proof of use due on"), widget=DATE_WIDGET)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE_WIDGET)

    FIELDS = {
        Action.REQUEST_CHANGES: ["message"],
        Action.REQUEST_PROOF_CHANGES: ["message"],
        Action.REJECT: ["message"],
        Action.APPROVE: ["financing_type", "conditions", "proof_due_on"],
        Action.APPROVE_PARTIALLY: ["granted_amount", "financing_type", "conditions", "proof_due_on"],
        Action.RECORD_PAYMENT: ["paid_on"],
    }

    def __init__(self, *args, action, application, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.FIELDS.get(action, [])
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "message" in self.fields and action == Action.REJECT:
            self.fields["message"].label = _("Reason for the rejection")
        if "proof_due_on" in self.fields and application.end_date:
            self.initial.setdefault("proof_due_on", application.end_date + datetime.timedelta(days=90))
        if "paid_on" in self.fields:
            self.initial.setdefault("paid_on", timezone.localdate())
        if "financing_type" in self.fields:
            self.initial.setdefault("financing_type", FinancingType.FIXED_AMOUNT)


class ProofForm(forms.Form):
    report = forms.CharField(
        label=_("Factual report"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What took place, who took part, what was achieved, what changed compared with the plan."
        ),
    )
    actual_participants = forms.IntegerField(label=_("Actual participants"), min_value=0)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        planned = {}
        for line in application.lines.all():
            planned[line.category] = planned.get(line.category, Decimal("0")) + line.amount
        for category in (*PlanLine.COST_CATEGORIES, *PlanLine.FINANCING_CATEGORIES):
            if category == PlanLine.Category.REQUESTED_GRANT:
                continue
            self.fields[f"actual_{category}"] = money_field(
                PlanLine.Category(category).label,
                help_text=_("Planned: %(amount)s EUR")
                % {"amount": number_format(planned.get(category, Decimal("0.00")), 2)},
            )

    def actuals(self):
        return {
            name.removeprefix("actual_"): value or Decimal("0.00")
            for name, value in self.cleaned_data.items()
            if name.startswith("actual_") and name != "actual_participants"
        }

    def cost_fields(self):
        return [self[f"actual_{c}"] for c in PlanLine.COST_CATEGORIES]

    def income_fields(self):
        return [
            self[f"actual_{c}"]
            for c in PlanLine.FINANCING_CATEGORIES
            if c != PlanLine.Category.REQUESTED_GRANT
        ]


class ReceiptForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    payee = forms.CharField(label=_("Payee"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=300)
    amount = money_field(_("Amount in EUR"), required=True)
    file = forms.FileField(
        label=_("Copy of the receipt (optional)"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_upload(uploaded, DOCUMENT_TYPES, Attachment.MAX_BYTES)
        return uploaded
