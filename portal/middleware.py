import logging

from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer a lost database connection with the styled 503 page instead of a 500.

    Django's CONN_HEALTH_CHECKS reconnect on the next request, so the site recovers by itself
    once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        from django.http import HttpResponse

        logger.error("Database unavailable: %s", exception)
        response = HttpResponse(render_to_string("503.html", {}), status=503)
        response["Retry-After"] = "30"
        return response
