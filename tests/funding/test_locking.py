"""Writes next to a submission under way: each waits for the lock and then sees the new state."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from funding import services
from funding.models import Application, Attachment, FinancingType, ProofOfUse, Receipt
from funding.workflow import Action, State
from tests.funding.factories import PDF_BYTES, ApplicationFactory, fill_in

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(function, *args, **kwargs):
    """Run ``function`` in a thread with its own connection; return the thread and its outcome."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - asserted by the caller
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def while_locked(action, application, user, function, *args, **kwargs):
    """Take ``action`` in a transaction and, before it commits, run ``function`` in another thread."""
    with transaction.atomic():
        services.transition(application, action, user)
        thread, outcome = in_thread(function, *args, **kwargs)
        thread.join(timeout=0.5)
        assert thread.is_alive(), "the write did not wait for the transaction holding the application"
    thread.join()
    return outcome


@pytest.fixture
def paid(organisation):
    application = fill_in(ApplicationFactory(organisation=organisation))
    Application.objects.filter(pk=application.pk).update(
        state=State.PAID,
        reference="MSO-2026-0042",
        granted_amount=Decimal("1000.00"),
        financing_type=FinancingType.FIXED_AMOUNT,
        decided_at=timezone.now(),
        paid_on=timezone.localdate(),
    )
    application.refresh_from_db()
    return application


def receipt(application, **kwargs):
    return services.add_receipt(
        application,
        date=timezone.localdate() - datetime.timedelta(days=3),
        payee="Tanzschule",
        purpose="Honorar",
        amount=Decimal("1000.00"),
        **kwargs,
    )


@pytest.fixture
def proof_ready(paid):
    services.save_proof(paid, "Zwölf Treffen.", 20, {"fees": Decimal("1000.00")})
    receipt(paid, uploaded_file=SimpleUploadedFile("beleg.pdf", PDF_BYTES))
    return paid


def test_removing_an_attachment_waits_for_the_submission(organisation, representative):
    application = fill_in(ApplicationFactory(organisation=organisation))
    stale = Attachment.objects.filter(application=application).first()
    outcome = while_locked(Action.SUBMIT, application, representative, services.delete_attachment, stale)
    assert isinstance(outcome.get("error"), ValidationError)
    assert Attachment.objects.filter(pk=stale.pk).exists() and stale.file.storage.exists(stale.file.name)


def test_adding_a_receipt_waits_for_the_proof_submission(proof_ready, representative):
    outcome = while_locked(Action.SUBMIT_PROOF, proof_ready, representative, receipt, proof_ready)
    assert isinstance(outcome.get("error"), ValidationError)
    assert Receipt.objects.filter(proof__application=proof_ready).count() == 1


def test_removing_a_receipt_waits_for_the_proof_submission(proof_ready, representative):
    stale = Receipt.objects.get(proof__application=proof_ready)
    outcome = while_locked(Action.SUBMIT_PROOF, proof_ready, representative, services.delete_receipt, stale)
    assert isinstance(outcome.get("error"), ValidationError)
    assert Receipt.objects.filter(pk=stale.pk).exists() and stale.file.storage.exists(stale.file.name)


def test_removing_deletes_the_file_after_the_commit(proof_ready, organisation):
    stored = Receipt.objects.get(proof__application=proof_ready)
    storage, name = stored.file.storage, stored.file.name
    services.delete_receipt(stored)
    assert not Receipt.objects.exists() and not storage.exists(name)
    application = fill_in(ApplicationFactory(organisation=organisation))
    attachment = application.attachments.first()
    storage, name = attachment.file.storage, attachment.file.name
    services.delete_attachment(attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists() and not storage.exists(name)


def test_first_receipts_at_once_share_one_proof(paid):
    barrier = threading.Barrier(4)

    def add():
        barrier.wait()
        return receipt(paid)

    threads = [in_thread(add) for _ in range(4)]
    for thread, _outcome in threads:
        thread.join()
    assert [outcome.get("error") for _thread, outcome in threads] == [None] * 4
    assert ProofOfUse.objects.filter(application=paid).count() == 1
    assert Receipt.objects.filter(proof__application=paid).count() == 4


def test_two_requests_at_once_start_one_application(organisation, representative):
    from tests.funding.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    barrier = threading.Barrier(3)

    def start():
        barrier.wait()
        return services.create_application(representative, programme, organisation)

    threads = [in_thread(start) for _ in range(3)]
    for thread, _outcome in threads:
        thread.join()
    assert [outcome.get("error") for _thread, outcome in threads] == [None] * 3
    assert len({outcome["result"].pk for _thread, outcome in threads}) == 1
    assert Application.objects.filter(programme=programme).count() == 1
