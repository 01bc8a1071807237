"""Forms of the core app."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.renderers import DjangoTemplates
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit, Wilayah


class FormRenderer(DjangoTemplates):
    """Every field group renders with the project's accessible markup (``core/_field.html``)."""

    field_template_name = "core/_field.html"


class DecimalInput(forms.TextInput):
    """A text box for a decimal number on the phone's decimal pad, shown the local way.

    Not ``type=number``: a number box refuses "12,4" in some browser languages and its
    arrows change the value when the page is scrolled.
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return localized_number(value)
        return super().format_value(value)


def localized_number(value: Decimal | float | int) -> str:
    """A number with the active language's decimal separator and no grouping ("12,4")."""
    return number_format(value, use_l10n=True, force_grouping=False)


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed as people write it: "12,4" and "12.4" are both twelve point four.

    One separator at most (a thousands separator is never needed for a measured value, and
    "1.234,5" is too easily misread); values are shown with the active language's separator.
    """

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 12,4 or 12.4."),
    }

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        if text.count(",") + text.count(".") > 1:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return localized_number(value)
        return value


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("For example the name of the system that will use it."),
    )
    read_only = forms.BooleanField(
        label=_("Read only"),
        required=False,
        help_text=_("The token can read data but cannot change anything."),
    )


class MemberForm(forms.Form):
    """Give someone a role in a region the administrator manages."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Letters, digits and . @ + - _ only.")},
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("First password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Only for a new account; the person should change it at first sign-in."),
    )
    role = forms.ChoiceField(label=_("Role"))
    wilayah: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("Where (province, regency/city or district)"),
        queryset=None,
        to_field_name="code",
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Facility"),
        queryset=None,
        required=False,
        help_text=_("Only for roles held at a facility (posyandu, puskesmas …)."),
    )

    def __init__(
        self,
        *args: Any,
        roles: list[tuple[str, str]],
        places: QuerySet[Wilayah],
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = roles
        cast(forms.ModelChoiceField, self.fields["wilayah"]).queryset = places
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class UnitForm(forms.Form):
    """A facility of a region the administrator manages (its kind and region fixed once made)."""

    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=_("Name"), max_length=160)
    code = forms.RegexField(
        label=_("Code"),
        max_length=40,
        required=False,
        regex=r"^[\w./-]+\Z",
        error_messages={"invalid": _("Letters, digits and . / - _ only.")},
        help_text=_("The facility's own code (e.g. from the Ministry of Health), unique per kind."),
    )
    region: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("Regency/city"), queryset=None, to_field_name="code"
    )
    location: forms.ModelChoiceField[Wilayah] = forms.ModelChoiceField(
        label=_("District or village"), queryset=None, to_field_name="code", required=False
    )
    parent: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Under the facility"),
        queryset=None,
        required=False,
        help_text=_("For example the puskesmas a posyandu reports to."),
    )

    def __init__(
        self,
        *args: Any,
        kinds: list[tuple[str, str]],
        regions: QuerySet[Wilayah],
        places: QuerySet[Wilayah],
        units: QuerySet[Unit],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        cast(forms.ModelChoiceField, self.fields["location"]).queryset = places
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = units
        if editing:
            # Roles and records hang on the kind and region: they stay as they were made.
            del self.fields["kind"]
            del self.fields["region"]


class ImportFileForm(forms.Form):
    """A CSV or Excel file to import."""

    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("The first row names the columns; see the column list on this page."),
    )


class InvitationForm(forms.Form):
    """The password an invited person chooses (twice), checked by the password rules."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        return data


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the fields it names, else the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
