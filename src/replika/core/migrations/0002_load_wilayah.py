"""Load the Kemendagri region codes of Sumatera Barat shipped with the package."""

from django.db import migrations


def load_regions(apps, schema_editor):
    from replika.core.wilayah_data import load

    load(apps.get_model("core", "Wilayah"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_regions, migrations.RunPython.noop)]
