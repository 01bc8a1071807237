"""API tokens expire and may be read-only; existing tokens expire 90 days after creation."""

from datetime import timedelta

from django.db import migrations, models


def _expire_existing(apps, schema_editor):
    """Tokens made before expiry existed get the default lifetime from their creation."""
    token_model = apps.get_model("core", "ApiToken")
    for token in token_model.objects.filter(expires_at__isnull=True).iterator():
        token.expires_at = token.created_at + timedelta(days=90)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [("core", "0007_job_permission")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False, verbose_name="read only"),
        ),
        migrations.RunPython(_expire_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
