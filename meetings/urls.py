from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("kalender.ics", views.feed, name="feed"),
    path("anwesenheit/", views.attendance, name="attendance"),
    path("netzwerk-anfragen/", views.request_meeting, name="request"),
    path("netzwerk-anfragen/danke/", views.request_thanks, name="request_thanks"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/kalender.ics", views.meeting_ics),
    path("<int:pk>/anmelden/", views.register, name="register"),
    path("<int:pk>/abmelden/", views.cancel, name="cancel"),
    path("<int:pk>/protokoll/", views.minutes, name="minutes"),
    path("<int:pk>/unterschriftenliste.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/anwesenheit/", views.check_in, name="check_in"),
]
