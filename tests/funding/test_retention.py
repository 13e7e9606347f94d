import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from funding import services
from funding.models import ApplicationEvent, Attachment
from funding.workflow import Action
from tests.funding.factories import ApplicationFactory, fill_in

pytestmark = pytest.mark.django_db


def test_files_of_withdrawn_applications_go_after_the_period(organisation, representative, settings):
    settings.PORTAL_RETENTION_DAYS = {**settings.PORTAL_RETENTION_DAYS, "rejected_application_files": 365}
    old = services.transition(
        fill_in(ApplicationFactory(organisation=organisation)), Action.SUBMIT, representative
    )
    services.transition(old, Action.WITHDRAW, representative)
    ApplicationEvent.objects.filter(application=old).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    recent = services.transition(
        fill_in(ApplicationFactory(organisation=organisation)), Action.SUBMIT, representative
    )
    services.transition(recent, Action.WITHDRAW, representative)
    running = fill_in(ApplicationFactory(organisation=organisation))
    stored = [a.file.name for a in old.attachments.all()]
    storage = old.attachments.first().file.storage

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "funding: 4 attachments" in out.getvalue()
    assert not Attachment.objects.filter(application=old).exists()
    assert not any(storage.exists(name) for name in stored)
    assert Attachment.objects.filter(application=recent).count() == 4
    assert Attachment.objects.filter(application=running).count() == 4
    call_command("apply_retention", stdout=io.StringIO())
    assert Attachment.objects.count() == 8
