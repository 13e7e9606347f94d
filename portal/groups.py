"""The staff groups and the permissions each one carries.

Permissions are named as "app_label.codename" strings so that this module imports no app; the
groups are created by a data migration and their permissions synchronised after every migrate.
"""

NETWORK_COORDINATION = "Netzwerkkoordination"
FUNDING_CASEWORK = "Förderung – Sachbearbeitung"
FUNDING_DECISIONS = "Förderung – Bewilligung"
EDITORIAL = "Redaktion"


def _crud(app_label: str, *models: str) -> list[str]:
    return [
        f"{app_label}.{action}_{model}" for model in models for action in ("add", "change", "delete", "view")
    ]


# What staff read inside an application in the admin: plan lines, attachments, history.
FUNDING_DETAILS = [
    f"funding.view_{model}"
    for model in (
        "planline",
        "attachment",
        "applicationevent",
        "proofofuse",
        "proofline",
        "receipt",
        "proofreminder",
    )
]

STAFF_GROUPS: dict[str, list[str]] = {
    NETWORK_COORDINATION: [
        "portal.view_user",
        *_crud("organisations", "organisation", "membership", "offercategory", "changerequest"),
        *_crud("meetings", "network", "room", "meeting", "registration", "networkmeetingrequest"),
    ],
    FUNDING_CASEWORK: [
        "organisations.view_organisation",
        "funding.view_programme",
        "funding.view_application",
        "funding.change_application",
        "funding.review_application",
        *FUNDING_DETAILS,
    ],
    FUNDING_DECISIONS: [
        "organisations.view_organisation",
        *_crud("funding", "programme"),
        "funding.view_application",
        "funding.change_application",
        "funding.review_application",
        "funding.decide_application",
        *FUNDING_DETAILS,
    ],
    EDITORIAL: [
        *_crud("portal", "page", "contactperson", "barrierreport"),
        *_crud("conferences", "conference", "document", "photo"),
        "meetings.view_network",
        "meetings.view_room",
        "meetings.view_meeting",
        "meetings.add_meeting",
        "meetings.change_meeting",
        "organisations.view_organisation",
    ],
}


def sync_group_permissions(using: str | None = None) -> None:
    """Give each staff group exactly the permissions that exist of those listed above."""
    from django.contrib.auth.models import Group, Permission

    for name, codes in STAFF_GROUPS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = set()
        for code in codes:
            app_label, codename = code.split(".", 1)
            wanted.update(
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .values_list("pk", flat=True)
            )
        group.permissions.set(wanted)
