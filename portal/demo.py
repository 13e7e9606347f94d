"""Demo data of the portal itself: the seed texts and the two demo accounts."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.groups import STAFF_GROUPS
from portal.models import ContactPerson, Page, User
from portal.seed import seed_pages

STAFF_EMAIL = "mitarbeiterin@example.org"
STAFF_PASSWORD = "Demo-Stadt-2026!"
REPRESENTATIVE_EMAIL = "vertretung@example.org"
REPRESENTATIVE_PASSWORD = "Demo-Verein-2026!"


def ensure_user(email: str, password: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults=fields)
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def load(stdout) -> None:
    seed_pages(Page, ContactPerson)
    staff = ensure_user(
        STAFF_EMAIL, STAFF_PASSWORD, first_name="Demo", last_name="Mitarbeiterin", is_staff=True
    )
    staff.groups.set(Group.objects.filter(name__in=STAFF_GROUPS))
    ensure_user(REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD, first_name="Demo", last_name="Vertretung")
    stdout.write("portal: pages, contact person and demo accounts ready")
