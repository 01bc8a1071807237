"""A settings list (one item a line) renders and parses, with or without its own help."""

from __future__ import annotations

from pydantic import Field

from replika.core.modules import ModuleSettings
from replika.core.schema_forms import form_field


class Listed(ModuleSettings):
    display_name: str = "Layanan"
    plain: list[str] = Field(default=["a"])
    helped: list[str] = Field(default=["b"], description="For example halal tourism.")


def test_a_list_field_with_a_description_keeps_both_helps():
    field = form_field("helped", Listed.model_fields["helped"])
    assert "For example halal tourism." in str(field.help_text)
    assert str(field.help_text).endswith("One item a line.")


def test_a_list_field_without_a_description_says_one_item_a_line():
    field = form_field("plain", Listed.model_fields["plain"])
    assert str(field.help_text) == "One item a line."
