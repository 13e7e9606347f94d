from django.contrib import admin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.permissions import is_trusted_staff


class PortalAdminSite(admin.AdminSite):
    """The staff's workplace. Log-in goes through allauth (rate limits, two-factor authentication)."""

    site_header = _("Netzwerk Migrantenorganisationen – administration")
    site_title = _("Netzwerk MO administration")
    index_title = _("Workplace of the integration office")

    def has_permission(self, request):
        return is_trusted_staff(request.user)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated:
            # Signed in, yet refused by has_permission: explain instead of redirecting in a loop.
            if user.is_active and user.is_staff:
                return render(request, "admin/two_factor_required.html", status=403)
            return render(request, "403.html", status=403)
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
