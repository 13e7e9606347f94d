from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/antragsformular.pdf", views.blank_form, name="blank_form"),
    path("antraege/", views.application_list, name="applications"),
    path("antraege/<str:key>/", views.application_detail, name="application"),
    path("antraege/<str:key>/pruefen/", views.check, name="check"),
    path("antraege/<str:key>/bestaetigung/", views.confirmation, name="confirmation"),
    path("antraege/<str:key>/antrag.pdf", views.application_pdf, name="pdf"),
    path("antraege/<str:key>/bescheid.pdf", views.decision_pdf, name="decision_pdf"),
    path("antraege/<str:key>/nachweis/", views.proof, name="proof"),
    path("antraege/<str:key>/nachweis/einreichen/", views.proof_submit, name="proof_submit"),
    path("antraege/<str:key>/nachweis.pdf", views.proof_pdf, name="proof_pdf"),
    path("antraege/<str:key>/nachweis/belege/", views.receipt_add, name="receipt_add"),
    path("antraege/<str:key>/nachweis/belege/<int:pk>/", views.receipt_download, name="receipt"),
    path(
        "antraege/<str:key>/nachweis/belege/<int:pk>/entfernen/", views.receipt_delete, name="receipt_delete"
    ),
    path("antraege/<str:key>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("antraege/<str:key>/anlagen/<int:pk>/", views.attachment_download, name="attachment"),
    path("antraege/<str:key>/anlagen/<int:pk>/entfernen/", views.attachment_delete, name="attachment_delete"),
    path("antraege/<str:key>/<slug:section>/", views.section, name="section"),
]
