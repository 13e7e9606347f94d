import pytest
from django.core import mail

from portal.models import BarrierReport

pytestmark = pytest.mark.django_db


def test_form_is_prefilled_with_the_page(client):
    response = client.get("/barrierefreiheit/melden/?seite=/termine/")
    assert response.status_code == 200
    assert 'value="/termine/"' in response.content.decode()


def test_valid_report_is_stored_and_mailed_to_staff(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/barrierefreiheit/melden/",
            {
                "page_url": "/termine/",
                "description": "Der Kalender ist mit dem Screenreader nicht lesbar.",
                "email": "melder@example.org",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/barrierefreiheit/melden/danke/"
    report = BarrierReport.objects.get()
    assert report.page_url == "/termine/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Screenreader" in message.body
    assert message.reply_to == ["melder@example.org"]
    assert message.to == ["integration@bielefeld.de"]


def test_report_goes_to_editorial_staff_when_there_are_some(client, django_capture_on_commit_callbacks):
    from portal.groups import EDITORIAL
    from tests.factories import StaffFactory

    StaffFactory(email="redaktion@bielefeld.de", groups=[EDITORIAL])
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/barrierefreiheit/melden/", {"description": "Kontrast zu gering."})
    assert mail.outbox[0].to == ["redaktion@bielefeld.de"]


def test_invalid_report_shows_errors_and_keeps_the_input(client):
    response = client.post(
        "/barrierefreiheit/melden/",
        {"page_url": "/vereine/", "description": "", "name": "Ayşe Yılmaz", "email": "not-an-address"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert 'href="#id_description"' in html
    assert 'href="#id_email"' in html
    assert 'value="Ayşe Yılmaz"' in html
    assert 'value="/vereine/"' in html
    assert BarrierReport.objects.count() == 0
    assert len(mail.outbox) == 0


def test_errors_are_translated(client):
    response = client.post("/en/barrierefreiheit/melden/", {"description": ""})
    assert "There is a problem" in response.content.decode()
    response = client.post("/barrierefreiheit/melden/", {"description": ""})
    assert "Es gibt ein Problem" in response.content.decode()


def test_markup_in_a_report_is_escaped_in_the_mail(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/barrierefreiheit/melden/", {"description": "<script>alert(1)</script>"})
    html_part = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html_part
    assert "&lt;script&gt;" in html_part


def test_a_failing_mail_server_loses_no_report(client, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/barrierefreiheit/melden/", {"description": "Schrift zu klein."})
    assert response.status_code == 302
    assert BarrierReport.objects.count() == 1
