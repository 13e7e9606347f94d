from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="list"),
    path("eintragen/", views.propose, name="propose"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("aenderungen/<int:pk>/logo/", views.change_logo, name="change_logo"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/vcard.vcf", views.vcard, name="vcard"),
    path("<slug:slug>/vertreten/", views.request_membership, name="request_membership"),
    path("<slug:slug>/bearbeiten/", views.edit, name="edit"),
    path("<slug:slug>/bestaetigen/", views.confirm, name="confirm"),
]
