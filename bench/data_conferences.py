"""The conference archive in the load benchmark: the demo conferences and the pages measured on them."""

import io


def ensure(sizes: dict) -> None:
    """Load the demo conferences (idempotent); the archive stays small in reality (one conference a year)."""
    from conferences import demo

    demo.load(io.StringIO())


def pages() -> list[tuple[str, str]]:
    from django.urls import reverse

    from conferences.models import Conference

    archive = reverse("conferences:archive")
    result = [("conference archive", archive), ("conference search", f"{archive}?q=Kooperation")]
    conference = Conference.objects.public().order_by("-year").first()
    if conference is not None:
        result.append(("conference page", conference.get_absolute_url()))
    return result
