from django.db import migrations

GROUPS = ["Netzwerkkoordination", "Förderung – Sachbearbeitung", "Förderung – Bewilligung", "Redaktion"]


def create_groups_and_pages(apps, schema_editor):
    from portal.seed import seed_pages

    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    seed_pages(apps.get_model("portal", "Page"), apps.get_model("portal", "ContactPerson"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups_and_pages, migrations.RunPython.noop)]
