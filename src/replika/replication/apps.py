from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplicationConfig(AppConfig):
    name = "replika.replication"
    label = "replication"
    verbose_name = _("Replication")

    def ready(self) -> None:
        # Core asks "is module M live in region R" through a hook; the commitments answer it.
        from replika.core import activation
        from replika.replication.selectors import CommitmentActivation

        activation.register_provider(CommitmentActivation())
