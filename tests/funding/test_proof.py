import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from funding import services
from funding.models import Application, FinancingType, ProofReminder
from funding.workflow import Action, State
from portal.groups import FUNDING_CASEWORK
from tests.factories import StaffFactory
from tests.funding.factories import PDF_BYTES, ApplicationFactory, fill_in

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.mark.parametrize(
    ("financing_type", "granted", "planned", "actual", "other_income", "allowed"),
    [
        # fixed amount: kept in full while the costs reach it
        (FinancingType.FIXED_AMOUNT, "1000", "1500", "1200", "200", "1000.00"),
        (FinancingType.FIXED_AMOUNT, "1000", "1500", "800", "0", "800.00"),
        # deficit: only the gap between costs and other income
        (FinancingType.DEFICIT, "1000", "1500", "1500", "500", "1000.00"),
        (FinancingType.DEFICIT, "1000", "1500", "1300", "500", "800.00"),
        (FinancingType.DEFICIT, "1000", "1500", "400", "500", "0.00"),
        # share: the planned share (2/3 here) of the actual costs
        (FinancingType.SHARE, "1000", "1500", "1200", "0", "800.00"),
        (FinancingType.SHARE, "1000", "1500", "1800", "0", "1000.00"),
        (FinancingType.SHARE, "1000", "1500", "1000", "0", "666.67"),
    ],
)
def test_allowed_grant_and_pay_back(financing_type, granted, planned, actual, other_income, allowed):
    result = services.allowed_grant(financing_type, D(granted), D(planned), D(actual), D(other_income))
    assert result == D(allowed)
    assert D(granted) - result >= 0


@pytest.fixture
def paid(organisation, representative):
    application = fill_in(
        ApplicationFactory(organisation=organisation), costs=("1200.00", "300.00"), requested="1000.00"
    )
    Application.objects.filter(pk=application.pk).update(
        state=State.PAID,
        reference="MSO-2026-0042",
        granted_amount=D("1000.00"),
        financing_type=FinancingType.DEFICIT,
        decided_at=timezone.now(),
        paid_on=timezone.localdate(),
        proof_due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    application.refresh_from_db()
    return application


def proof_data(**overrides):
    data = {
        "report": "Zwölf Treffen mit 28 Teilnehmenden.",
        "actual_participants": "28",
        "actual_fees": "1100,00",
        "actual_room_rent": "200",
        "actual_own_funds": "500",
    }
    data.update(overrides)
    return data


def test_representative_files_the_proof(
    client, representative, paid, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    address = reverse("funding:proof", kwargs={"key": paid.key})
    page = client.get(address)
    assert page.status_code == 200 and "Geplant: 1500,00 EUR" in page.content.decode()
    bad = client.post(address, proof_data(actual_fees="viel"))
    assert bad.status_code == 200 and 'value="viel"' in bad.content.decode()
    assert client.post(address, proof_data()).status_code == 302
    receipts = reverse("funding:receipt_add", kwargs={"key": paid.key})
    response = client.post(
        receipts,
        {
            "date": "2026-10-01",
            "payee": "Tanzschule",
            "purpose": "Honorar",
            "amount": "1100",
            "file": SimpleUploadedFile("r.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    response = client.post(
        receipts,
        {
            "date": "2026-10-02",
            "payee": "Bürgerhaus",
            "purpose": "Miete",
            "amount": "200",
            "file": SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 100),
        },
    )
    assert response.status_code == 200 and "nicht angenommen" in response.content.decode()
    figures = services.proof_figures(Application.objects.get(pk=paid.pk))
    # Deficit financing: costs 1300 - other income 500 = 800 covered, 200 back.
    assert (figures.actual_costs, figures.allowed, figures.pay_back) == (
        D("1300.00"),
        D("800.00"),
        D("200.00"),
    )
    assert figures.difference == D("-200.00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("funding:proof_submit", kwargs={"key": paid.key}))
    paid.refresh_from_db()
    assert paid.state == State.PROOF_SUBMITTED
    assert client.post(address, proof_data(report="geändert")).status_code == 302
    assert paid.proof.report == "Zwölf Treffen mit 28 Teilnehmenden."
    pdf = client.get(reverse("funding:proof_pdf", kwargs={"key": paid.key}))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("MSO-2026-0042", "1000,00", "200,00", "Tanzschule"):
        assert expected in text
    reviewer = StaffFactory(groups=[FUNDING_CASEWORK])
    services.transition(paid, Action.CLOSE, reviewer)
    paid.refresh_from_db()
    assert paid.state == State.CLOSED


def test_incomplete_proof_cannot_be_submitted(client, representative, paid):
    client.force_login(representative)
    client.post(reverse("funding:proof_submit", kwargs={"key": paid.key}))
    paid.refresh_from_db()
    assert paid.state == State.PAID


def test_other_representatives_get_404_on_proof_and_receipts(
    client, representative, other_representative, paid
):
    services.add_receipt(
        paid, date=datetime.date(2026, 10, 1), payee="A", purpose="B", amount=D("1"),
        uploaded_file=SimpleUploadedFile("r.pdf", PDF_BYTES),
    )  # fmt: skip
    receipt = paid.proof.receipts.get()
    urls = [
        reverse("funding:proof", kwargs={"key": paid.key}),
        reverse("funding:proof_pdf", kwargs={"key": paid.key}),
        reverse("funding:decision_pdf", kwargs={"key": paid.key}),
        reverse("funding:receipt", kwargs={"key": paid.key, "pk": receipt.pk}),
    ]
    client.force_login(other_representative)
    assert [client.get(url).status_code for url in urls] == [404] * 4
    client.force_login(representative)
    assert [client.get(url).status_code for url in urls] == [200] * 4


def test_proof_page_only_after_payment(client, representative, organisation):
    draft = ApplicationFactory(organisation=organisation)
    client.force_login(representative)
    assert client.get(reverse("funding:proof", kwargs={"key": draft.key})).status_code == 404


def test_reminder_command_mails_once_per_due_date(paid, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_proof_reminders")
    assert len(mailoutbox) == 1
    assert paid.reference in mailoutbox[0].subject
    assert ProofReminder.objects.filter(application=paid).count() == 1
    # A new due date earns a new reminder, once.
    Application.objects.filter(pk=paid.pk).update(proof_due_on=timezone.localdate())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_proof_reminders")
    assert len(mailoutbox) == 2


def test_reminder_skips_proofs_not_yet_due(paid, mailoutbox):
    Application.objects.filter(pk=paid.pk).update(
        proof_due_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    call_command("send_proof_reminders")
    assert mailoutbox == []


def test_overdue_filter_in_the_admin(staff_client, paid, organisation):
    ApplicationFactory(organisation=organisation)
    response = staff_client.get(reverse("admin:funding_application_changelist"), {"proof": "overdue"})
    assert response.context["cl"].result_count == 1
