"""Random and hostile input never causes a 500; markup is escaped; oversized bodies are refused."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import BarrierReport

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=6000),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "' OR 1=1 --",
            "\x00\x01\x02",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ٱلْعَرَبِيَّة Ελληνικά",
            "a" * 10_000,
        ]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page_url=HOSTILE, description=HOSTILE, name=HOSTILE, email=HOSTILE)
def test_barrier_report_never_fails(client, page_url, description, name, email):
    response = client.post(
        "/barrierefreiheit/melden/",
        {"page_url": page_url, "description": description, "name": name, "email": email},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x onerror" not in html


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300))
def test_hostile_query_strings_on_content_pages(client, query):
    for path in ("/", "/barrierefreiheit/melden/"):
        response = client.get(path, {"seite": query, "q": query})
        assert response.status_code == 200


def test_stored_markup_is_escaped_on_the_admin_list(staff_client):
    BarrierReport.objects.create(description="x", page_url="<script>alert(1)</script>")
    html = staff_client.get("/admin/portal/barrierreport/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_oversized_body_is_refused(client):
    response = client.post(
        "/barrierefreiheit/melden/", {"description": "x" * (11 * 1024 * 1024)}, follow=False
    )
    assert response.status_code == 400
    assert "Ungültige Anfrage" in response.content.decode()
