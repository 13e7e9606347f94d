from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import Meeting, Registration
from tests.meetings.factories import MeetingFactory, RegistrationFactory, RoomFactory

pytestmark = pytest.mark.django_db


def overlapping(meeting, room=None):
    return Meeting(
        network=meeting.network,
        title="Zweites Treffen",
        room=room or meeting.room,
        start=meeting.start + timedelta(hours=1),
        end=meeting.end + timedelta(hours=1),
    )


def test_exclusion_constraint_rejects_overlap_in_the_same_room():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping(meeting).save()


def test_exclusion_constraint_accepts_overlap_in_another_room():
    meeting = MeetingFactory()
    overlapping(meeting, room=RoomFactory()).save()
    assert Meeting.objects.count() == 2


def test_exclusion_constraint_accepts_back_to_back_meetings():
    meeting = MeetingFactory()
    following = overlapping(meeting)
    following.start, following.end = meeting.end, meeting.end + timedelta(hours=2)
    following.save()


def test_exclusion_constraint_ignores_cancelled_meetings():
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    overlapping(meeting).save()
    # ... but a cancelled meeting cannot be revived into the booked slot.
    meeting.status = Meeting.Status.SCHEDULED
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_full_clean_reports_double_booking_as_a_clear_message():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError) as error:
        overlapping(meeting).full_clean()
    assert "schon für ein anderes Treffen gebucht" in str(error.value)


def test_end_must_follow_start():
    meeting = MeetingFactory()
    meeting.end = meeting.start - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "end" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.save()


def test_capacity_defaults_to_the_room():
    meeting = MeetingFactory(room=RoomFactory(capacity=40))
    assert meeting.capacity == 40
    assert MeetingFactory(capacity=10).capacity == 10


def test_one_registration_per_person_and_meeting():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            meeting=registration.meeting, user=registration.user, organisation=registration.organisation
        )


def test_minutes_must_be_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = MeetingFactory()
    meeting.minutes = SimpleUploadedFile(
        "protokoll.pdf", b"just text, not a PDF", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "minutes" in error.value.message_dict
