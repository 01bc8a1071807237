"""The province's logistics item catalogue (what Pikobar's facilities asked for most)."""

from django.db import migrations

ITEMS = [
    ("MASKER-BEDAH", "Masker bedah", "box"),
    ("MASKER-N95", "Masker N95", "buah"),
    ("APD-GOWN", "Gaun APD (coverall)", "set"),
    ("SARUNG-TANGAN", "Sarung tangan medis", "box"),
    ("FACE-SHIELD", "Face shield", "buah"),
    ("HAND-SANITIZER", "Hand sanitizer 500 ml", "botol"),
    ("RDT-AG", "Rapid test antigen", "kit"),
    ("VTM", "Viral transport medium (VTM)", "tabung"),
    ("REAGEN-PCR", "Reagen PCR", "kit"),
    ("NS1", "Rapid test NS1 dengue", "kit"),
    ("ABATE", "Larvasida (abate) 1 kg", "kg"),
    ("INSEKTISIDA", "Insektisida fogging", "liter"),
    ("OKSIGEN", "Tabung oksigen 1 m³", "tabung"),
    ("PARASETAMOL", "Parasetamol 500 mg", "strip"),
    ("ORALIT", "Oralit", "sachet"),
]


def load(apps, schema_editor):
    Item = apps.get_model("outbreak", "Item")
    for code, name, uom in ITEMS:
        Item.objects.get_or_create(code=code, defaults={"name": name, "uom": uom})


def unload(apps, schema_editor):
    apps.get_model("outbreak", "Item").objects.filter(code__in=[c for c, _n, _u in ITEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("outbreak", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
