import re

import pytest
from django.core import mail

from portal.models import User
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_requires_a_verified_email(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "neu@example.org",
            "password1": "Ein-langes-Passwort-7",
            "password2": "Ein-langes-Passwort-7",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    # Not logged in yet: the dashboard still asks for a login.
    assert client.get("/mein-bereich/").status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get("/mein-bereich/").status_code == 200


def test_unverified_user_cannot_log_in(client):
    user = UserFactory(verified=False)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get("/mein-bereich/").status_code == 302


def test_login_with_email_and_logout(client):
    user = UserFactory()
    response = client.post("/konto/login/", {"login": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mein-bereich/").status_code == 200
    client.post("/konto/logout/")
    assert client.get("/mein-bereich/").status_code == 302


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = client.post("/konto/login/", {"login": user.email, "password": "falsch"})
        assert response.status_code == 200
    # Even the right password is refused until the limit has passed.
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()
    assert client.get("/mein-bereich/").status_code == 302


def test_password_reset_mail(client):
    user = UserFactory()
    response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/konto/password/reset/key/" in mail.outbox[0].body


def test_staff_without_two_factor_is_refused_by_the_admin(client, settings):
    settings.PORTAL_STAFF_REQUIRE_MFA = True
    staff = StaffFactory(two_factor=False)
    client.force_login(staff)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "/konto/2fa/totp/activate/" in response.content.decode()


def test_staff_with_two_factor_gets_into_the_admin(client, settings):
    from allauth.mfa.models import Authenticator

    settings.PORTAL_STAFF_REQUIRE_MFA = True
    staff = StaffFactory(is_superuser=True)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_admin_login_goes_through_the_rate_limited_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


def test_non_staff_is_refused_by_the_admin(client, user):
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


def test_staff_groups_carry_their_permissions():
    from django.contrib.auth.models import Group

    from portal.groups import EDITORIAL, STAFF_GROUPS

    assert set(Group.objects.values_list("name", flat=True)) >= set(STAFF_GROUPS)
    editorial = Group.objects.get(name=EDITORIAL)
    assert editorial.permissions.filter(codename="change_page").exists()
