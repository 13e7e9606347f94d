import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from funding import services
from funding.models import Application, Attachment
from funding.workflow import Action, State
from tests.funding.factories import (
    PDF_BYTES,
    PNG_BYTES,
    ApplicationFactory,
    ProgrammeFactory,
    fill_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation):
    return ApplicationFactory(organisation=organisation)


@pytest.fixture
def submitted(organisation, representative):
    return services.transition(
        fill_in(ApplicationFactory(organisation=organisation)), Action.SUBMIT, representative
    )


def url(name, application, **kwargs):
    return reverse(f"funding:{name}", kwargs={"key": application.key, **kwargs})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_index_lists_programmes_and_blank_form(client):
    programme = ProgrammeFactory()
    response = client.get(reverse("funding:index"))
    assert response.status_code == 200
    assert programme.name in response.content.decode()
    blank = client.get(reverse("funding:blank_form", kwargs={"year": programme.year}))
    assert blank.status_code == 200 and blank["Content-Type"] == "application/pdf"
    text = pdf_text(blank.content)
    assert "Kosten- und Finanzierungsplan" in text and "Seite 1 von" in text


@pytest.mark.parametrize("who", ["anonymous", "other", "own", "staff"])
def test_who_sees_an_application_its_pdf_and_attachments(
    client, who, submitted, other_representative, representative, staff, settings
):
    settings.PORTAL_STAFF_REQUIRE_MFA = False
    attachment = submitted.attachments.first()
    users = {"other": other_representative, "own": representative, "staff": staff}
    if who in users:
        client.force_login(users[who])
    urls = [
        url("application", submitted),
        url("pdf", submitted),
        url("check", submitted),
        reverse("funding:attachment", kwargs={"key": submitted.key, "pk": attachment.pk}),
    ]
    expected = {"anonymous": 302, "other": 404, "own": 200, "staff": 200}[who]
    for address in urls:
        response = client.get(address)
        assert response.status_code == expected, address
    if who == "own":
        response = client.get(urls[3])
        assert b"".join(response.streaming_content) == PDF_BYTES
    # Staff read in the admin; only the applicant's organisation edits, withdraws or confirms.
    if who == "staff":
        assert client.get(url("withdraw", submitted)).status_code == 404
        assert (
            client.get(
                reverse("funding:section", kwargs={"key": submitted.key, "section": "projekt"})
            ).status_code
            == 404
        )


def test_application_found_by_id_and_reference(client, representative, submitted):
    client.force_login(representative)
    by_id = client.get(reverse("funding:application", kwargs={"key": str(submitted.pk)}))
    assert by_id.status_code == 200
    assert client.get(reverse("funding:application", kwargs={"key": "MSO-1900-0001"})).status_code == 404
    assert client.get(reverse("funding:application", kwargs={"key": "abc"})).status_code == 404


def test_start_an_application(client, representative, organisation):
    programme = ProgrammeFactory()
    client.force_login(representative)
    response = client.post(
        reverse("funding:applications"), {"programme": programme.pk, "organisation": organisation.pk}
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert application.created_by == representative and application.state == State.DRAFT
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Noch nicht begonnen" in page


def test_a_double_click_starts_one_application(client, representative, organisation):
    programme = ProgrammeFactory()
    client.force_login(representative)
    data = {"programme": programme.pk, "organisation": organisation.pk}
    first = client.post(reverse("funding:applications"), data)
    second = client.post(reverse("funding:applications"), data)
    application = Application.objects.get()
    assert first.url == second.url == application.get_absolute_url()


def test_a_new_application_after_the_first_was_begun_or_a_minute_later(client, representative, organisation):
    programme, other_programme = ProgrammeFactory(), ProgrammeFactory()
    client.force_login(representative)
    data = {"programme": programme.pk, "organisation": organisation.pk}
    client.post(reverse("funding:applications"), data)
    begun = Application.objects.get()
    begun.title = "Sprachcafé"
    begun.save()
    client.post(reverse("funding:applications"), data)
    assert Application.objects.count() == 2
    blank = Application.objects.exclude(pk=begun.pk).get()
    earlier = blank.created_at - datetime.timedelta(minutes=2)
    Application.objects.filter(pk=blank.pk).update(created_at=earlier)
    client.post(reverse("funding:applications"), data)
    assert Application.objects.count() == 3
    client.post(reverse("funding:applications"), {**data, "programme": other_programme.pk})
    assert Application.objects.filter(programme=other_programme).count() == 1


def test_cannot_start_for_another_organisation(client, representative, other_representative):
    from organisations.models import Organisation

    programme = ProgrammeFactory()
    other = Organisation.objects.exclude(memberships__user=representative).first()
    client.force_login(representative)
    response = client.post(
        reverse("funding:applications"), {"programme": programme.pk, "organisation": other.pk}
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_section_errors_keep_what_was_typed(client, representative, draft):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "projekt"})
    response = client.post(
        address,
        {
            "title": "Theatergruppe",
            "description": "Wir spielen Theater",
            "start_date": "2099-05-01",
            "end_date": "2099-04-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Es gibt ein Problem" in page
    assert 'value="Theatergruppe"' in page and "Wir spielen Theater" in page
    assert "Das Ende darf nicht vor dem Beginn liegen." in page
    draft.refresh_from_db()
    assert draft.title == ""


def plan_section_status(client, application):
    page = client.get(application.get_absolute_url()).content.decode()
    item = page[page.index("Kosten- und Finanzierungsplan") :]
    return "task-status-complete" in item[: item.index("</li>")]


def test_plan_field_errors_keep_input_and_save_nothing(client, representative, draft):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "finanzplan"})
    data = {
        "costs-TOTAL_FORMS": "3",
        "costs-INITIAL_FORMS": "0",
        "costs-0-category": "fees",
        "costs-0-description": "Honorar Tanzlehrerin",
        "costs-0-amount": "1.200,50",
        "costs-1-category": "room_rent",
        "costs-1-amount": "viel",
        "financing-own_funds": "100",
    }
    response = client.post(address, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Es gibt ein Problem" in page
    assert "Kostenposition 2, Betrag in EUR" in page
    assert "Honorar Tanzlehrerin" in page and 'value="1.200,50"' in page and 'value="viel"' in page
    assert not draft.lines.exists() and not Application.objects.get(pk=draft.pk).plan_saved


def test_an_unbalanced_plan_is_saved_as_a_draft(client, representative, draft):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "finanzplan"})
    data = {
        "costs-TOTAL_FORMS": "3",
        "costs-INITIAL_FORMS": "0",
        "costs-0-category": "fees",
        "costs-0-description": "Honorar Tanzlehrerin",
        "costs-0-amount": "1.200,50",
        "costs-1-category": "room_rent",
        "costs-1-amount": "300",
        "financing-own_funds": "100",
        "financing-requested_grant": "1000",
    }
    response = client.post(address, data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == draft.get_absolute_url()
    assert "Der Finanzplan wurde gespeichert." in page
    assert "Kosten 1500,50 EUR, Finanzierung 1100,00 EUR" in page
    draft.refresh_from_db()
    assert draft.plan_saved and draft.total_costs == Decimal("1500.50")
    assert not plan_section_status(client, draft)
    page = client.get(address).content.decode()
    assert "nicht ausgeglichen" in page and "Es gibt ein Problem" not in page
    assert 'value="1200,50"' in page and "Honorar Tanzlehrerin" in page
    check = client.get(reverse("funding:check", kwargs={"key": draft.key})).content.decode()
    assert "nicht ausgeglichen" in check
    data["financing-requested_grant"] = "1400,50"
    response = client.post(address, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.plan_saved and draft.total_costs == draft.total_financing == Decimal("1500.50")
    assert draft.requested_amount == Decimal("1400.50")
    assert plan_section_status(client, draft)


def test_more_than_three_cost_lines_are_entered_step_by_step(client, representative, draft):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "finanzplan"})
    first = {
        "costs-TOTAL_FORMS": "3",
        "costs-INITIAL_FORMS": "0",
        "more_lines": "1",
        **{f"costs-{n}-category": "material" for n in range(3)},
        **{f"costs-{n}-description": f"Material {n + 1}" for n in range(3)},
        **{f"costs-{n}-amount": "100" for n in range(3)},
    }
    response = client.post(address, first)
    assert response.status_code == 302 and response.url == address
    page = client.get(address).content.decode()
    assert 'name="costs-TOTAL_FORMS" value="6"' in page and "Material 3" in page
    second = {
        **first,
        "costs-TOTAL_FORMS": "6",
        "costs-INITIAL_FORMS": "3",
        "costs-3-category": "travel",
        "costs-3-amount": "200",
        "financing-requested_grant": "500",
    }
    del second["more_lines"]
    assert client.post(address, second).status_code == 302
    draft.refresh_from_db()
    assert len(draft.cost_lines()) == 4 and draft.total_costs == draft.total_financing == Decimal("500.00")
    assert plan_section_status(client, draft)


def test_plan_request_above_the_maximum_blocks_the_submission(client, representative, draft):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "finanzplan"})
    response = client.post(
        address,
        {
            "costs-TOTAL_FORMS": "1",
            "costs-INITIAL_FORMS": "0",
            "costs-0-category": "fees",
            "costs-0-amount": "5000",
            "financing-requested_grant": "5000",
        },
    )
    assert response.status_code == 302
    page = client.get(address).content.decode()
    assert "darf höchstens 3000,00 EUR betragen" in page
    draft.refresh_from_db()
    assert draft.requested_amount == Decimal("5000.00") and not plan_section_status(client, draft)
    assert any("3000,00" in problem for problem in services.submission_problems(draft))


@pytest.mark.parametrize(
    ("iban", "valid"),
    [("DE89 3704 0044 0532 0130 00", True), ("DE89370400440532013001", False), ("XX00", False)],
)
def test_iban_checksum(client, representative, draft, iban, valid):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "bankverbindung"})
    response = client.post(address, {"account_holder": "Verein", "iban": iban, "bank_name": "Sparkasse"})
    draft.refresh_from_db()
    if valid:
        assert response.status_code == 302 and draft.iban == "DE89370400440532013000"
    else:
        assert response.status_code == 200 and "IBAN" in response.content.decode()
        assert draft.iban == ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "nicht angenommen"),
        ("notes.txt", b"just some text", "nicht angenommen"),
        ("huge.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024), "zu groß"),
    ],
)
def test_bad_uploads_are_refused(client, representative, draft, name, content, message):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "anlagen"})
    response = client.post(address, {"kind": "statutes", "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_good_uploads_are_stored_privately(client, representative, draft, settings):
    client.force_login(representative)
    address = reverse("funding:section", kwargs={"key": draft.key, "section": "anlagen"})
    for kind, name, content in [
        ("statutes", "satzung.pdf", PDF_BYTES),
        ("board_list", "vorstand.png", PNG_BYTES),
    ]:
        response = client.post(address, {"kind": kind, "file": SimpleUploadedFile(name, content)})
        assert response.status_code == 302
    attachments = list(draft.attachments.order_by("kind"))
    assert [a.content_type for a in attachments] == ["image/png", "application/pdf"]
    assert str(settings.MEDIA_ROOT) not in attachments[0].file.path
    assert not attachments[0].file.name.endswith(".png")


def test_submitted_data_can_no_longer_be_changed(client, representative, submitted):
    client.force_login(representative)
    title = submitted.title
    response = client.post(
        reverse("funding:section", kwargs={"key": submitted.key, "section": "projekt"}), {"title": "Geändert"}
    )
    assert response.status_code == 302
    attachment = submitted.attachments.first()
    response = client.post(
        reverse("funding:attachment_delete", kwargs={"key": submitted.key, "pk": attachment.pk})
    )
    submitted.refresh_from_db()
    assert submitted.title == title
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    response = client.post(reverse("funding:check", kwargs={"key": submitted.key}))
    assert response.status_code == 302
    assert submitted.events.count() == 1


def test_check_submit_confirm_and_pdf(
    client, representative, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    application = fill_in(
        ApplicationFactory(organisation=organisation), costs=("1200.00", "345.67"), requested="1000.00"
    )
    client.force_login(representative)
    check = client.get(url("check", application))
    assert check.status_code == 200 and "Ändern" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("check", application))
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert response.url == reverse("funding:confirmation", kwargs={"key": application.reference})
    confirmation = client.get(response.url).content.decode()
    assert application.reference in confirmation
    pdf = client.get(url("pdf", application))
    text = pdf_text(pdf.content)
    for expected in (application.reference, organisation.name, "1545,67", "1000,00", "Seite 2 von"):
        assert expected in text, expected
    assert mailoutbox[0].attachments[0][1][:4] == b"%PDF"
    assert application.reference in pdf_text(mailoutbox[0].attachments[0][1])


def test_withdraw(client, representative, submitted):
    client.force_login(representative)
    assert client.get(url("withdraw", submitted)).status_code == 200
    response = client.post(url("withdraw", submitted), {"message": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == State.WITHDRAWN
    response = client.get(url("withdraw", submitted))
    assert response.status_code == 302


def test_dashboard_lists_applications_with_next_step(client, representative, submitted, draft):
    client.force_login(representative)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert submitted.reference in page
    assert "Antrag vervollständigen und einreichen" in page


def test_list_page_query_count(client, representative, organisation, django_assert_max_num_queries):
    for _ in range(3):
        ApplicationFactory(organisation=organisation)
    client.force_login(representative)
    with django_assert_max_num_queries(12):
        client.get(reverse("funding:applications"))
    for _ in range(10):
        ApplicationFactory(organisation=organisation)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("funding:applications"))
    assert response.content.decode().count("<tr>") == 14


@pytest.mark.parametrize(
    "path",
    [
        "/foerderung/antraege/99999999999999999999999/",
        "/foerderung/antraege/MSO-2026-99999999999999999/antrag.pdf",
        "/foerderung/99999999999/antragsformular.pdf",
        "/foerderung/antraege/1/unbekannt/",
    ],
)
def test_hostile_addresses_give_404(client, representative, path):
    client.force_login(representative)
    assert client.get(path).status_code == 404


def test_only_ascii_digits_address_an_application(client, representative, submitted):
    client.force_login(representative)
    arabic_indic = str(submitted.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    fullwidth = submitted.reference.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    for key in ["²", "¹²", arabic_indic, fullwidth, f"{submitted.reference}\n", f"{submitted.pk}\n"]:
        response = client.get(reverse("funding:application", kwargs={"key": key}))
        assert response.status_code == 404, key
    assert client.get(reverse("funding:application", kwargs={"key": str(submitted.pk)})).status_code == 200
