"""Who counts as staff outside the admin: the same rule as the admin's, two-factor authentication included."""

from django.conf import settings


def has_two_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_trusted_staff(user) -> bool:
    """An active staff member who has set up two-factor authentication (unless switched off for a demo)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return not settings.PORTAL_STAFF_REQUIRE_MFA or has_two_factor(user)


def staff_may(user, permission: str) -> bool:
    """Whether a staff member may use a staff page outside the admin that needs this permission."""
    return is_trusted_staff(user) and user.has_perm(permission)
