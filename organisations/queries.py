from organisations.models import Membership, Organisation


def represented_organisations(user):
    """The organisations this user may act for (approved memberships only)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.APPROVED
    ).distinct()


def represents(user, organisation) -> bool:
    return (
        user.is_authenticated
        and Membership.objects.approved().filter(user=user, organisation=organisation).exists()
    )
