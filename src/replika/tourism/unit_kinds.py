"""The operators of the tourism module, registered as core unit kinds (one unit per entry)."""

from django.utils.translation import gettext_lazy as _

from replika.core.unit_kinds import register_unit_kind

ATTRACTION = register_unit_kind("dtw", _("Tourist attraction (DTW)"))
ACCOMMODATION = register_unit_kind("akomodasi", _("Accommodation"))
RESTAURANT = register_unit_kind("restoran", _("Restaurant"))
TRAVEL_AGENT = register_unit_kind("biro_perjalanan", _("Travel agent"))
VILLAGE = register_unit_kind("desa_wisata", _("Tourism village"))
CREATIVE = register_unit_kind("pelaku_ekraf", _("Creative-economy actor"))

OPERATOR_KINDS = (ATTRACTION, ACCOMMODATION, RESTAURANT, TRAVEL_AGENT, CREATIVE)
