"""Load with writes: simulated representatives register for meetings and submit funding applications
through the real forms, against gunicorn with the production settings. Afterwards the invariants are
checked in the database: no 5xx, every submission stored exactly once with a unique reference, no
meeting over capacity, no budget exceeded.

Usage: python bench/load_writes.py [--users 50] [--seconds 60]
Exits 1 when an invariant is broken. Used by bench/faults.py as well.
"""

import argparse
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import database_url, gunicorn, manage, production_env  # noqa: E402

PREFIX = "lasttest"
CAPACITY = 15


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(
        default_factory=list
    )  # (time, path, status or error, styled page?) of 5xx and errors
    submitted: list = field(default_factory=list)  # application keys the clients saw confirmed
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, path: str, status, body: str = ""):
        with self.lock:
            self.statuses[status] += 1
            if not isinstance(status, int) or status >= 500:
                styled = 'class="site-header"' in body
                self.failures.append((time.monotonic(), path, status, styled))


def setup_world(users: int) -> dict:
    """Representatives with a logged-in session each, meetings with few places, an open programme."""
    import django

    django.setup()
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from meetings.models import Meeting, Network, Room
    from organisations.models import Membership, Organisation
    from portal.models import User

    network, _ = Network.objects.get_or_create(
        slug=f"{PREFIX}-netzwerk", defaults={"name": "Lasttest-Netzwerk"}
    )
    room, _ = Room.objects.get_or_create(
        name="Lasttest-Raum", defaults={"building": "Lasttest", "address": "-", "capacity": CAPACITY}
    )
    start = timezone.now().replace(microsecond=0) + timedelta(days=400)
    meetings = []
    for index in range(4):
        meeting, _ = Meeting.objects.get_or_create(
            network=network,
            title=f"Lasttest-Treffen {index + 1}",
            defaults={
                "room": room,
                "start": start + timedelta(days=index),
                "end": start + timedelta(days=index, hours=2),
                "capacity": CAPACITY,
            },
        )
        meetings.append(meeting.pk)

    people = []
    for index in range(users):
        email = f"{PREFIX}-{index}@example.org"
        user, created = User.objects.get_or_create(email=email)
        if created:
            user.set_unusable_password()
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"{PREFIX}-verein-{index}",
            defaults={"name": f"Lasttest-Verein {index}", "status": Organisation.Status.PUBLISHED},
        )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"status": Membership.Status.APPROVED}
        )
        # A session as the log-in form would create it; logging in 50 people through the form would
        # only measure the deliberately slow password hashing and the log-in rate limit.
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        people.append({"session": session.session_key, "organisation": organisation.pk, "user": user.pk})

    world = {"meetings": meetings, "people": people}
    try:
        from bench import load_funding

        world["funding"] = load_funding.setup()
    except ImportError:
        pass
    return world


class Client:
    """One simulated representative: a cookie session and the CSRF token, like a browser."""

    def __init__(self, base: str, session_key: str, tally: Tally):
        import requests

        self.base = base
        self.tally = tally
        self.http = requests.Session()
        self.http.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")

    def get(self, path: str):
        return self._send("get", path)

    def post(self, path: str, data: dict, files=None):
        if "csrftoken" not in self.http.cookies:
            self.get("/mein-bereich/")
        data = {**data, "csrfmiddlewaretoken": self.http.cookies.get("csrftoken")}
        return self._send("post", path, data=data, files=files)

    def _send(self, method: str, path: str, **kwargs):
        import requests

        try:
            response = self.http.request(
                method, self.base + path, allow_redirects=False, timeout=30, **kwargs
            )
        except requests.RequestException as error:
            self.tally.record(path, type(error).__name__)
            return None
        self.tally.record(path, response.status_code, response.text if response.status_code >= 500 else "")
        return response


def register_or_cancel(client: Client, person: dict, world: dict) -> None:
    meeting = random.choice(world["meetings"])
    page = client.get(f"/termine/{meeting}/")
    if page is None or page.status_code != 200:
        return
    if f"/termine/{meeting}/abmelden/" in page.text and random.random() < 0.4:
        client.post(f"/termine/{meeting}/abmelden/", {})
    elif 'name="organisation"' in page.text:
        client.post(f"/termine/{meeting}/anmelden/", {"organisation": person["organisation"]})


def simulate(base: str, person: dict, world: dict, deadline: float, tally: Tally) -> None:
    client = Client(base, person["session"], tally)
    funding = world.get("funding")
    while time.monotonic() < deadline:
        if funding and random.random() < 0.3:
            from bench import load_funding

            key = load_funding.submit_application(client, person, funding)
            if key:
                with tally.lock:
                    tally.submitted.append(key)
        else:
            register_or_cancel(client, person, world)


def run_load(base: str, world: dict, seconds: float) -> Tally:
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=simulate, args=(base, person, world, deadline, tally), daemon=True)
        for person in world["people"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return tally


def check_invariants(world: dict, tally: Tally) -> list[str]:
    """What went wrong, as sentences; empty when every invariant holds."""
    from django.db import close_old_connections
    from django.db.models import Count, Q

    from meetings.models import Meeting, Registration

    close_old_connections()
    problems = []
    meetings = Meeting.objects.filter(pk__in=world["meetings"]).annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITING)),
    )
    for meeting in meetings:
        if meeting.confirmed > meeting.capacity:
            problems.append(f"{meeting.title}: {meeting.confirmed} confirmed for {meeting.capacity} places")
        if meeting.waiting and meeting.confirmed < meeting.capacity:
            problems.append(f"{meeting.title}: free places while {meeting.waiting} wait")
    if "funding" in world:
        from bench import load_funding

        problems += load_funding.check(world["funding"], tally.submitted)
    return problems


def report(tally: Tally, problems: list[str], seconds: float) -> str:
    total = sum(tally.statuses.values())
    lines = [
        f"requests: {total} in {seconds:.0f} s ({total / seconds:.0f}/s); statuses: "
        + ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items(), key=str)),
        f"applications submitted and confirmed to the clients: {len(tally.submitted)}",
        f"5xx or connection errors: {len(tally.failures)}",
    ]
    lines += [f"INVARIANT BROKEN: {problem}" for problem in problems] or ["invariants: all hold"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    import os

    env = production_env(database_url())
    os.environ.update(env)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    world = setup_world(args.users)
    with gunicorn(env) as base:
        tally = run_load(base, world, args.seconds)
    problems = check_invariants(world, tally)
    if tally.failures:
        problems.append(f"{len(tally.failures)} requests failed with 5xx or no answer: {tally.failures[:3]}")
    print(report(tally, problems, args.seconds))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
