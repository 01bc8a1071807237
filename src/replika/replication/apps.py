from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationConfig(AppConfig):
    name = "replika.replication"
    label = "replication"
    verbose_name = _("Replication")
