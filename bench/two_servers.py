"""Two gunicorn instances on two ports share PostgreSQL (and Redis, when it answers): one logged-in
representative's session alternates between them. The draft is started on A, continued on B (upload
included), checked on A and submitted on B, and the submission is stored once.

Usage: python bench/two_servers.py
Exits 1 when a step fails. Uses REDIS_URL, or redis://127.0.0.1:6379/5 when Redis answers there.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import database_url, gunicorn, manage, production_env, redis_url  # noqa: E402


def main() -> int:
    env = production_env(database_url(), REDIS_URL=redis_url())
    os.environ.update(env)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    from bench import load_funding
    from bench.load_writes import Client, Tally, setup_world
    from tests.html_forms import main_form

    world = setup_world(1)
    person, funding = world["people"][0], world["funding"]
    tally = Tally()
    steps = []

    def step(server_name, description, response, expected=(200, 302)):
        ok = response is not None and response.status_code in expected
        status = getattr(response, "status_code", None)
        steps.append(f"{'ok  ' if ok else 'FAIL'} {server_name}: {description} ({status})")
        return ok

    with gunicorn(env) as a, gunicorn(env) as b:
        on_a, on_b = Client(a, person["session"], tally), Client(b, person["session"], tally)
        on_b.http.cookies = on_a.http.cookies  # one browser, two servers behind a load balancer

        created = on_a.post(
            "/foerderung/antraege/",
            {"programme": funding["programme"], "organisation": person["organisation"]},
        )
        ok = step("A", "draft application created", created, (302,))
        base = created.headers["Location"] if ok else ""
        page = on_b.get(base)
        ok &= step("B", "the same session sees the draft's task list", page, (200,))

        project = on_a.get(base + "projekt/")
        fields = main_form(project.text, multipart=False)["fields"]
        fields.update(load_funding.section_values(person)["projekt/"], title="Zwei-Server-Projekt")
        ok &= step("A", "project section saved", on_a.post(base + "projekt/", fields), (302,))
        project_on_b = on_b.get(base + "projekt/")
        seen = project_on_b is not None and "Zwei-Server-Projekt" in project_on_b.text
        ok &= step("B", "sees the project saved on A", project_on_b if seen else None, (200,))

        files = {"file": ("satzung.pdf", load_funding.PDF, "application/pdf")}
        upload = on_b.post(base + "anlagen/", {"kind": "statutes"}, files=files)
        ok &= step("B", "attachment uploaded", upload, (302,))
        listing = on_a.get(base + "anlagen/")
        listed = listing is not None and "satzung.pdf" in listing.text
        ok &= step("A", "lists the file uploaded on B", listing if listed else None, (200,))
        attachment = [
            line
            for line in (listing.text if listing is not None else "").split('"')
            if "/anlagen/" in line and line.rstrip("/").split("/")[-1].isdigit()
        ]
        if attachment:
            download = on_a.get(attachment[0])
            same = download is not None and download.content == load_funding.PDF
            ok &= step(
                "A", "downloads the file stored by B, byte for byte", download if same else None, (200,)
            )
        else:
            ok = False
            steps.append("FAIL A: no download link for the file uploaded on B")

        key = load_funding.submit_application(on_b, person, funding)  # a second, complete application on B
        ok &= bool(key)
        steps.append(f"{'ok  ' if key else 'FAIL'} B: complete application submitted through the forms")
        if key:
            confirmation = on_a.get(f"/foerderung/antraege/{key}/")
            ok &= step("A", "shows the application submitted on B", confirmation, (200, 302))

    problems = load_funding.check(funding, [key] if key else [])
    print("\n".join(steps))
    print("invariants: all hold" if not problems else "\n".join(problems))
    print(f"sessions and cache: {'Redis ' + env['REDIS_URL'] if env['REDIS_URL'] else 'database only'}")
    for failure in tally.failures:
        print(f"FAIL request {failure[1]}: {failure[2]}")
    return 0 if ok and not problems and not tally.failures else 1


if __name__ == "__main__":
    sys.exit(main())
