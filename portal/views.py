import time

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.cache import cache_public_page
from portal.forms import BarrierReportForm
from portal.models import ContactPerson, Page
from portal.services import report_barrier


def page_view(slug: str, template: str = "portal/page.html"):
    @cache_public_page
    def view(request):
        page = get_object_or_404(Page, slug=slug)
        return render(request, template, {"page": page})

    view.__name__ = f"page_{slug.replace('-', '_')}"
    return view


@cache_public_page
def home(request):
    page = Page.objects.filter(slug=Page.Slug.HOME).first()
    return render(request, "portal/home.html", {"page": page})


@cache_public_page
def contact(request):
    page = get_object_or_404(Page, slug=Page.Slug.CONTACT)
    people = ContactPerson.objects.filter(is_active=True)
    return render(request, "portal/contact.html", {"page": page, "people": people})


def barrier_report(request):
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if form.is_valid():
            report_barrier(form)
            return redirect("portal:barrier_report_thanks")
    else:
        form = BarrierReportForm(initial={"page_url": request.GET.get("seite", "")[:500]})
    return render(request, "portal/barrier_report.html", {"form": form})


def barrier_report_thanks(request):
    return render(request, "portal/barrier_report_thanks.html")


@login_required
def dashboard(request):
    return render(request, "portal/dashboard.html")


@never_cache
@require_GET
def healthz(request):
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": "unavailable", "detail": type(error).__name__}, status=503
        )
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse({"status": "ok", "database": "ok", "database_ms": elapsed_ms})
