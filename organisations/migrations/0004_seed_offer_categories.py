from django.db import migrations

CATEGORIES = [
    ("sprache-bildung", "Sprache und Bildung", "Language and education"),
    ("beratung", "Beratung und Hilfe bei Behörden", "Counselling and help with authorities"),
    ("arbeit-beruf", "Arbeit und Beruf", "Work and career"),
    ("kultur", "Kultur", "Culture"),
    ("religion", "Religion", "Religion"),
    ("sport-freizeit", "Sport und Freizeit", "Sport and leisure"),
    ("jugend", "Jugend", "Youth"),
    ("frauen", "Frauen", "Women"),
    ("seniorinnen-senioren", "Seniorinnen und Senioren", "Seniors"),
    ("familien", "Familien", "Families"),
    ("gefluechtete", "Geflüchtete", "Refugees"),
    ("gesundheit", "Gesundheit", "Health"),
]


def seed(apps, schema_editor):
    OfferCategory = apps.get_model("organisations", "OfferCategory")
    for position, (slug, name_de, name_en) in enumerate(CATEGORIES, start=1):
        OfferCategory.objects.update_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_directory_fields")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
