from django.urls import path

from conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:year>-<slug:slug>/", views.detail, name="detail"),
    path("<int:year>-<slug:slug>/dokumente/<int:pk>/", views.document, name="document"),
    path("<int:year>-<slug:slug>/fotos/<int:pk>/", views.photo, name="photo"),
]
