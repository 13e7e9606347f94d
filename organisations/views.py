import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisations import exports, queries, services
from organisations.forms import DirectoryForm, MembershipRequestForm, OrganisationForm, ProposeForm
from organisations.models import ChangeRequest, Membership, OfferCategory, Organisation
from organisations.vcard import organisation_vcard
from portal.cache import cache_public_page
from portal.permissions import is_trusted_staff, staff_may

PAGE_SIZE = 20


@cache_public_page
def directory(request):
    categories = list(OfferCategory.objects.order_by("position", "name_de"))
    form = DirectoryForm(request.GET or None, categories)
    filters = form.filters() if request.GET else queries.DirectoryFilters()
    counts, total = queries.facet_data(filters)
    paginator = Paginator(queries.directory_page_queryset(filters), PAGE_SIZE)
    paginator.count = total  # counted together with the facets, in the same query
    page = paginator.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "form": form,
        "filters": filters,
        "facets": queries.facet_counts(filters, categories, counts),
        "page": page,
        "paginator": paginator,
        "query_without_page": query.urlencode(),
        "is_filtered": any([filters.q, filters.offer, filters.language, filters.origin, filters.district]),
    }
    return render(request, "organisations/directory.html", context)


def _visible_organisation(request, slug):
    """Published entries for everyone; others only for staff and the entry's own representatives."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if organisation.is_published:
        return organisation
    if request.user.is_authenticated and (
        is_trusted_staff(request.user) or services.can_edit(request.user, organisation)
    ):
        return organisation
    raise Http404


@cache_public_page
def detail(request, slug):
    organisation = _visible_organisation(request, slug)
    can_edit = services.can_edit(request.user, organisation)
    membership = None
    if request.user.is_authenticated:
        membership = Membership.objects.filter(user=request.user, organisation=organisation).first()
    context = {
        "organisation": organisation,
        "offers": organisation.offers.order_by("position", "name_de"),
        "can_edit": can_edit,
        "membership": membership,
        "pending_change": queries.pending_change(organisation) if can_edit else None,
        "report_email": settings.PORTAL_STAFF_EMAILS[0] if settings.PORTAL_STAFF_EMAILS else "",
    }
    return render(request, "organisations/detail.html", context)


@cache_public_page
def vcard(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    response = HttpResponse(organisation_vcard(organisation), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}.vcf"'
    return response


@login_required
def propose(request):
    if request.method == "POST":
        form = ProposeForm(request.POST, request.FILES)
        if form.is_valid():
            organisation = services.propose_organisation(request.user, form)
            return render(request, "organisations/propose_done.html", {"organisation": organisation})
    else:
        form = ProposeForm()
    return render(request, "organisations/propose.html", {"form": form})


@login_required
def request_membership(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    membership = Membership.objects.filter(user=request.user, organisation=organisation).first()
    if membership and membership.status != Membership.Status.REJECTED:
        return redirect(organisation)
    if request.method == "POST":
        form = MembershipRequestForm(request.POST)
        if form.is_valid():
            services.request_membership(
                request.user, organisation, form.cleaned_data["role"], form.cleaned_data["message"]
            )
            messages.success(
                request, _("Thank you. The city staff will check your request and reply by e-mail.")
            )
            return redirect("portal:dashboard")
    else:
        form = MembershipRequestForm()
    return render(
        request, "organisations/membership_request.html", {"form": form, "organisation": organisation}
    )


@login_required
def edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not services.can_edit(request.user, organisation):
        raise Http404
    pending = queries.pending_change(organisation)
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, instance=organisation)
        if form.is_valid():
            change = services.submit_change(request.user, organisation, form)
            if change is None:
                messages.success(request, _("The entry has been saved. The city staff will review it."))
            elif organisation.status == Organisation.Status.ARCHIVED:
                messages.success(
                    request,
                    _(
                        "The entry is archived. Your changes have been sent to the city staff, "
                        "who will decide whether to show it in the directory again."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Your changes have been saved and will be shown once the city staff approve them."),
                )
            return redirect("portal:dashboard")
    else:
        initial = dict(pending.data) if pending else {}
        initial.pop("logo_cleared", None)
        form = OrganisationForm(instance=organisation, initial=initial)
    return render(
        request, "organisations/edit.html", {"form": form, "organisation": organisation, "pending": pending}
    )


@login_required
@require_POST
def confirm(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not services.can_edit(request.user, organisation):
        raise Http404
    services.confirm_entry(organisation, request.user)
    messages.success(request, _("Thank you for confirming that the entry is up to date."))
    return redirect("portal:dashboard")


@login_required
def change_logo(request, pk):
    """A proposed logo, waiting for approval: only for staff who may review changes."""
    if not staff_may(request.user, "organisations.view_changerequest"):
        raise Http404
    change = get_object_or_404(ChangeRequest.objects.exclude(logo=""), pk=pk)
    return FileResponse(change.logo.open("rb"), filename=os.path.basename(change.logo.name))


@cache_public_page
def export_csv(request):
    response = HttpResponse(exports.open_data_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vereine.csv"'
    return response


@cache_public_page
def export_json(request):
    response = HttpResponse(exports.open_data_json(), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="vereine.json"'
    return response
