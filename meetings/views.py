from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.validators import slug_re
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import queries, services
from meetings.forms import AttendanceForm, NetworkMeetingRequestForm, RegistrationForm
from meetings.ical import CONTENT_TYPE, build_calendar, meeting_calendar
from meetings.models import Meeting, Network, Registration
from organisations.models import Membership
from organisations.queries import represented_organisations
from portal.cache import cache_public_page
from portal.pdf import render_pdf
from portal.permissions import is_trusted_staff, staff_may

FEED_NETWORK_PARAMETER = "netzwerk"


def _staff_only(request, permission: str) -> None:
    """Staff pages follow the admin's rules (including two-factor authentication)."""
    if not staff_may(request.user, permission):
        raise Http404


def _is_representative(user) -> bool:
    return user.is_authenticated and Membership.objects.approved().filter(user=user).exists()


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _network_from(request) -> tuple[str | None, Network | None]:
    """The ?netzwerk= value and its network; a value that cannot be a slug matches no network."""
    slug = request.GET.get(FEED_NETWORK_PARAMETER)
    if slug is None or not slug_re.fullmatch(slug):
        return slug, None
    return slug, Network.objects.filter(slug=slug).first()


@cache_public_page
def meeting_list(request):
    slug, network = _network_from(request)
    if slug and network is None:
        raise Http404
    calendar = queries.calendar(network=network)
    mine = queries.registrations_of(request.user, calendar.upcoming)
    for meeting in calendar.upcoming:
        meeting.my_registration = mine.get(meeting.pk)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "calendar": calendar,
            "network": network,
            "networks": Network.objects.all(),
        },
    )


@cache_public_page
def meeting_detail(request, pk):
    meeting = get_object_or_404(queries.with_counts(Meeting.objects.all()), pk=pk)
    registration = queries.registrations_of(request.user, [meeting]).get(meeting.pk)
    form = None
    if request.user.is_authenticated and registration is None and meeting.accepts_registrations:
        form = RegistrationForm(user=request.user)
    return _render_detail(request, meeting, registration, form)


def _render_detail(request, meeting, registration, form):
    user = request.user
    context = {
        "meeting": meeting,
        "registration": registration,
        "form": form,
        "can_see_minutes": bool(meeting.minutes) and (_is_representative(user) or is_trusted_staff(user)),
        "has_organisations": form is not None and form.fields["organisation"].queryset.exists(),
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_POST
def register(request, pk):
    meeting = get_object_or_404(queries.with_counts(Meeting.objects.all()), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    form = RegistrationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            registration = services.register(
                meeting, request.user, form.cleaned_data["organisation"], site_url=_base_url(request)
            )
        except services.RegistrationError as error:
            form.add_error(None, str(error))
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(request, _("You are registered. We have sent you a confirmation by e-mail."))
            else:
                messages.info(
                    request,
                    _(
                        "The meeting is full. You are on the waiting list and we will write to you "
                        "when a place becomes free."
                    ),
                )
            return redirect(meeting)
    registration = queries.registrations_of(request.user, [meeting]).get(meeting.pk)
    return _render_detail(request, meeting, registration, form)


@require_POST
def cancel(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(meeting.get_absolute_url())
    registration = get_object_or_404(Registration.objects.active(), meeting=meeting, user=request.user)
    services.cancel_registration(registration, request.user, site_url=_base_url(request))
    messages.success(request, _("Your registration has been cancelled."))
    return redirect(meeting)


@cache_public_page
def meeting_ics(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("room", "network"), pk=pk)
    response = HttpResponse(meeting_calendar(meeting, _base_url(request)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="netzwerktreffen-{meeting.pk}.ics"'
    return response


@cache_public_page
def feed(request):
    meetings = Meeting.objects.select_related("room", "network").order_by("start")
    name = _("Network meetings – Netzwerk Migrantenorganisationen Bielefeld")
    slug, network = _network_from(request)
    if slug is not None:
        if network is None:
            return HttpResponse(
                _("There is no network with the short name “%(slug)s”.") % {"slug": slug[:80]},
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        meetings = meetings.filter(network=network)
        name = network.name
    return HttpResponse(build_calendar(meetings, name, _base_url(request)), content_type=CONTENT_TYPE)


@login_required
def minutes(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not meeting.minutes or not (_is_representative(request.user) or is_trusted_staff(request.user)):
        raise Http404
    return FileResponse(
        meeting.minutes.open("rb"), as_attachment=True, filename=f"protokoll-{meeting.pk}.pdf"
    )


@login_required
def sign_in_sheet(request, pk):
    _staff_only(request, "meetings.view_registration")
    meeting = get_object_or_404(Meeting.objects.select_related("room", "network"), pk=pk)
    registrations = (
        meeting.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
    context = {"meeting": meeting, "registrations": registrations, "blank_rows": range(5)}
    pdf = render_pdf("meetings/pdf/sign_in_sheet.html", context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="unterschriftenliste-{meeting.pk}.pdf"'
    return response


@login_required
def check_in(request, pk):
    _staff_only(request, "meetings.change_registration")
    meeting = get_object_or_404(Meeting.objects.select_related("room", "network"), pk=pk)
    registrations = list(
        meeting.registrations.active()
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
    form = AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        count = services.record_attendance(meeting, form.cleaned_data["attended"], request.user)
        messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
        return redirect("meetings:check_in", pk=meeting.pk)
    ticked = set(form["attended"].value() or [])
    return render(
        request,
        "meetings/check_in.html",
        {"meeting": meeting, "registrations": registrations, "form": form, "ticked": ticked},
    )


@login_required
def attendance(request):
    _staff_only(request, "meetings.view_registration")
    return render(request, "meetings/attendance.html", {"chart": queries.attendance_chart()})


@login_required
def request_meeting(request):
    if not represented_organisations(request.user).exists():
        return render(request, "meetings/request_not_possible.html", status=403)
    form = NetworkMeetingRequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.request_network_meeting(form, request.user, form.cleaned_data["organisation"])
        return redirect("meetings:request_thanks")
    return render(request, "meetings/request_form.html", {"form": form})


@login_required
def request_thanks(request):
    return render(request, "meetings/request_thanks.html")
