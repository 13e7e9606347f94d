import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from funding import services
from funding.workflow import Action
from tests.funding.factories import ApplicationFactory, fill_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(organisation, representative):
    submitted = [
        services.transition(
            fill_in(ApplicationFactory(organisation=organisation)), Action.SUBMIT, representative
        )
        for _ in range(3)
    ]
    return submitted


def test_changelist_filters_search_and_query_count(staff_client, applications, django_assert_max_num_queries):
    address = reverse("admin:funding_application_changelist")
    with django_assert_max_num_queries(20):
        response = staff_client.get(address)
    assert response.status_code == 200
    for application in applications:
        assert application.reference in response.content.decode()
    for _ in range(10):
        ApplicationFactory()
    with django_assert_max_num_queries(20):
        staff_client.get(address)
    response = staff_client.get(address, {"q": applications[0].reference})
    assert response.context["cl"].result_count == 1
    response = staff_client.get(address, {"state__exact": "submitted"})
    assert response.context["cl"].result_count == 3


def test_change_page_is_read_only_with_pdf_attachments_and_history(staff_client, applications):
    application = applications[0]
    response = staff_client.get(reverse("admin:funding_application_change", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="title"' not in page  # read-only
    assert reverse("funding:pdf", kwargs={"key": application.key}) in page
    assert application.attachments.first().get_absolute_url() in page
    assert "Einreichen" in page  # the history entry
    history = staff_client.get(reverse("admin:funding_application_history", args=[application.pk]))
    assert history.status_code == 200


def test_export_csv_and_xlsx(staff_client, applications):
    address = reverse("admin:funding_application_changelist")
    ids = [a.pk for a in applications]
    response = staff_client.post(address, {"action": "export_csv", "_selected_action": ids})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("Aktenzeichen;Stand")
    assert all(a.reference in text for a in applications)
    assert "1500" in text
    response = staff_client.post(address, {"action": "export_xlsx", "_selected_action": ids})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Aktenzeichen" and len(rows) == 4
    assert {row[0] for row in rows[1:]} == {a.reference for a in applications}


def test_representatives_cannot_open_the_admin(client, representative):
    client.force_login(representative)
    response = client.get(reverse("admin:funding_application_changelist"))
    assert response.status_code == 302


def test_exports_never_contain_formulas(staff_client, organisation, representative):
    organisation.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    organisation.save()
    application = fill_in(ApplicationFactory(organisation=organisation))
    application.title = '=HYPERLINK("http://example.org","Klick")'
    application.save()
    application = services.transition(application, Action.SUBMIT, representative)
    address = reverse("admin:funding_application_changelist")
    response = staff_client.post(address, {"action": "export_csv", "_selected_action": [application.pk]})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[1][4] == '\'=HYPERLINK("http://example.org","Klick")'
    response = staff_client.post(address, {"action": "export_xlsx", "_selected_action": [application.pk]})
    row = load_workbook(io.BytesIO(response.content)).active[2]
    assert row[3].data_type == "s" and row[3].value.startswith("@SUM")
    assert row[4].data_type == "s" and row[4].value.startswith("=HYPERLINK")
