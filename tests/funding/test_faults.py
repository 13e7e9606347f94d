"""A submission survives a mail server that is down and a PDF that fails to render: stored once."""

import pytest
from django.core import mail

from funding import services
from funding.models import Application, ApplicationEvent
from funding.workflow import State
from tests.funding.factories import ApplicationFactory, fill_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(organisation):
    return fill_in(ApplicationFactory(organisation=organisation))


def submit(client, application, callbacks):
    with callbacks(execute=True):
        return client.post(f"/foerderung/antraege/{application.key}/pruefen/")


def assert_submitted_once(application):
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.reference.startswith("MSO-")
    assert ApplicationEvent.objects.filter(application=application, to_state=State.SUBMITTED).count() == 1
    assert Application.objects.filter(reference=application.reference).count() == 1


def test_mail_server_down_keeps_the_submission(
    client, representative, application, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    client.force_login(representative)

    response = submit(client, application, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"].endswith("/bestaetigung/")
    assert_submitted_once(application)
    assert "could not be sent" in caplog.text  # logged for staff to follow up
    assert client.get(response["Location"]).status_code == 200


def test_failing_pdf_keeps_the_submission(
    client, representative, application, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(services, "render_pdf", broken)
    client.force_login(representative)

    response = submit(client, application, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert_submitted_once(application)
    assert "could not be prepared" in caplog.text
    assert len(mail.outbox) == 0


def test_submitting_twice_stores_once(
    client, representative, application, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    submit(client, application, django_capture_on_commit_callbacks)
    second = submit(client, application, django_capture_on_commit_callbacks)
    assert second.status_code == 302
    assert_submitted_once(application)
    assert len(mail.outbox) == 1
