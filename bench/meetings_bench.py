"""Time the meeting calendar and concurrent registrations against the configured database.

Usage: DATABASE_URL=... DJANGO_DEBUG=1 .venv/bin/python bench/meetings_bench.py [--meetings 200] [--people 60]

Creates its own network, rooms, organisations and people (prefix "bench-"), measures, and deletes them again.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from meetings import services  # noqa: E402
from meetings.models import Meeting, Network, Registration, Room  # noqa: E402
from organisations.models import Membership, Organisation  # noqa: E402
from portal.models import User  # noqa: E402

PREFIX = "bench-"


def cleanup():
    Registration.objects.filter(meeting__network__slug__startswith=PREFIX).delete()
    Meeting.objects.filter(network__slug__startswith=PREFIX).delete()
    Room.objects.filter(name__startswith=PREFIX).delete()
    Network.objects.filter(slug__startswith=PREFIX).delete()
    Organisation.objects.filter(slug__startswith=PREFIX).delete()
    User.objects.filter(email__startswith=PREFIX).delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--capacity", type=int, default=35)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cleanup()
    try:
        network = Network.objects.create(name="Bench network", slug=f"{PREFIX}network")
        rooms = [
            Room.objects.create(name=f"{PREFIX}room-{i}", building="Bench", address="Bench", capacity=40)
            for i in range(4)
        ]
        start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(days=args.meetings // 2)
        Meeting.objects.bulk_create(
            Meeting(
                network=network,
                title=f"Bench meeting {i}",
                room=rooms[i % 4],
                start=start + timedelta(days=i),
                end=start + timedelta(days=i, hours=2),
                capacity=args.capacity,
            )
            for i in range(args.meetings)
        )
        client = Client(HTTP_HOST="localhost")
        client.get("/termine/")  # warm up templates and translations
        timings = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get("/termine/")
                timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        print(
            f"GET /termine/ with {Meeting.objects.count()} meetings: "
            f"median {statistics.median(timings):.1f} ms over {args.runs} runs, {len(queries)} queries"
        )

        meeting = Meeting.objects.filter(network=network, start__gte=timezone.now()).first()
        members = []
        for i in range(args.people):
            user = User.objects.create(email=f"{PREFIX}{i}@example.org")
            organisation = Organisation.objects.create(
                name=f"{PREFIX}org-{i}", slug=f"{PREFIX}org-{i}", status=Organisation.Status.PUBLISHED
            )
            members.append(
                Membership.objects.create(
                    user=user, organisation=organisation, status=Membership.Status.APPROVED
                )
            )
        barrier = threading.Barrier(args.people)
        durations = []

        def worker(membership):
            barrier.wait()
            began = time.perf_counter()
            services.register(meeting, membership.user, membership.organisation)
            durations.append((time.perf_counter() - began) * 1000)
            connection.close()

        threads = [threading.Thread(target=worker, args=(m,)) for m in members]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = time.perf_counter() - began
        confirmed = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
        waiting = meeting.registrations.filter(status=Registration.Status.WAITING).count()
        print(
            f"{args.people} simultaneous registrations for {args.capacity} places: {total:.2f} s in total, "
            f"median {statistics.median(durations):.1f} ms each; confirmed {confirmed}, waiting {waiting}"
        )
        assert confirmed == min(args.capacity, args.people)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
