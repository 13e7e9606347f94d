from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("portal.site_urls")),
    path("vereine/", include("organisations.urls")),
    path("termine/", include("meetings.urls")),
    path("foerderung/", include("funding.urls")),
    path("fachtagungen/", include("conferences.urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    # Public uploads only; in production the web server or object storage serves MEDIA_URL.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
