"""The learning places of Poltabes, registered as core unit kinds."""

from django.utils.translation import gettext_lazy as _

from replika.core.unit_kinds import register_unit_kind

SEKOLAH = register_unit_kind("sekolah", _("School (SD/SMP/SMA/SMK)"))
SKB = register_unit_kind("skb", _("Learning activity centre (SKB)"))
PKBM = register_unit_kind("pkbm", _("Community learning centre (PKBM)"))
FILIAL = register_unit_kind("kelas_filial", _("Filial class"))

PLACE_KINDS = (SEKOLAH, SKB, PKBM, FILIAL)
# Equivalency packages (Paket A/B/C) are taught at an SKB or a PKBM.
EQUIVALENCY_KINDS = (SKB, PKBM)
