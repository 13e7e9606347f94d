from django.urls import path

from portal import views
from portal.models import Page

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("netzwerk/", views.page_view(Page.Slug.NETWORK), name="network"),
    path("kontakt/", views.contact, name="contact"),
    path("impressum/", views.page_view(Page.Slug.IMPRINT), name="imprint"),
    path("datenschutz/", views.page_view(Page.Slug.PRIVACY), name="privacy"),
    path("barrierefreiheit/", views.page_view(Page.Slug.ACCESSIBILITY), name="accessibility"),
    path("barrierefreiheit/melden/", views.barrier_report, name="barrier_report"),
    path("barrierefreiheit/melden/danke/", views.barrier_report_thanks, name="barrier_report_thanks"),
    path("leichte-sprache/", views.page_view(Page.Slug.EASY_LANGUAGE), name="easy_language"),
    path("mein-bereich/", views.dashboard, name="dashboard"),
]
