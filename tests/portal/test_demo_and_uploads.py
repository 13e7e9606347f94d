import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from portal.uploads import PDF, PNG, validate_upload

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.django_db
def test_load_demo_is_idempotent():
    from portal.models import ContactPerson, Page, User

    call_command("load_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Page.objects.count(), ContactPerson.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (User.objects.count(), Page.objects.count(), ContactPerson.objects.count()) == counts
    assert "mitarbeiterin@example.org" in out.getvalue()
    staff = User.objects.get(email="mitarbeiterin@example.org")
    assert staff.is_staff and staff.check_password("Demo-Stadt-2026!")


def test_upload_type_is_sniffed_from_the_content():
    assert validate_upload(SimpleUploadedFile("bild.png", PNG_BYTES), [PNG]) == PNG
    renamed_executable = SimpleUploadedFile("satzung.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as error:
        validate_upload(renamed_executable, [PDF])
    assert error.value.code == "file_type"


def test_upload_size_is_limited():
    big = SimpleUploadedFile("gross.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    with pytest.raises(ValidationError) as error:
        validate_upload(big, [PDF], max_bytes=1024)
    assert error.value.code == "file_too_large"
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("leer.pdf", b""), [PDF])
