from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import BarrierReport


class BarrierReportForm(forms.ModelForm):
    class Meta:
        model = BarrierReport
        fields = ["page_url", "description", "name", "email"]
        labels = {
            "page_url": _("Which page or document is it about? (optional)"),
            "description": _("What is the barrier, or what do you need?"),
            "name": _("Your name (optional)"),
            "email": _("Your e-mail address, if you would like a reply (optional)"),
        }
        help_texts = {
            "description": _("For example: a document cannot be read with a screen reader."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
