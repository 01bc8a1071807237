"""Seed the five innovations Sumatera Barat committed to replicate in November 2021."""

from django.db import migrations


def seed(apps, schema_editor):
    from replika.replication.seed import seed_innovations

    seed_innovations(apps.get_model("replication", "Innovation"))


class Migration(migrations.Migration):
    dependencies = [("replication", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
