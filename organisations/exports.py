"""Exports: the public open data of the directory, and the staff's CSV and XLSX lists."""

import csv
import io
import json

from django.utils import timezone
from openpyxl import Workbook

from organisations.models import Organisation
from portal.exports import append_xlsx_row, safe_cell

# Only what the directory page shows publicly: never status, consent, confirmation or internal notes.
OPEN_DATA_FIELDS = [
    "name",
    "short_name",
    "slug",
    "legal_form",
    "founded_year",
    "description",
    "activities",
    "offers",
    "target_groups",
    "languages",
    "origins",
    "community",
    "street",
    "postal_code",
    "city",
    "district",
    "meeting_times",
    "meeting_place",
    "email",
    "phone",
    "website",
    "network_member",
]

STAFF_FIELDS = [
    *OPEN_DATA_FIELDS,
    "status",
    "publication_consent",
    "confirmed_at",
    "created_at",
    "updated_at",
]


def _value(organisation, name):
    if name == "offers":
        return [category.slug for category in organisation.offers.all()]
    if name == "origins":
        return [str(country.code) for country in organisation.origins]
    if name == "languages":
        return list(organisation.languages)
    value = getattr(organisation, name)
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat() if value else None
    return value


def records(queryset, fields):
    for organisation in queryset.prefetch_related("offers").order_by("name", "pk"):
        yield {name: _value(organisation, name) for name in fields}


def _flat(value):
    if isinstance(value, list):
        return ";".join(value)
    if value is None:
        return ""
    return value


def to_csv(queryset, fields) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for record in records(queryset, fields):
        writer.writerow({name: safe_cell(_flat(value)) for name, value in record.items()})
    return buffer.getvalue()


def to_xlsx(queryset, fields) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Vereine"
    sheet.append(fields)
    for record in records(queryset, fields):
        append_xlsx_row(sheet, [_flat(record[name]) for name in fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def open_data_csv() -> str:
    return to_csv(Organisation.objects.published(), OPEN_DATA_FIELDS)


def open_data_json() -> str:
    data = list(records(Organisation.objects.published(), OPEN_DATA_FIELDS))
    return json.dumps(
        {"licence": "dl-de/by-2-0", "count": len(data), "organisations": data}, ensure_ascii=False
    )
