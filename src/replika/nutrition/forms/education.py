"""Forms of the education pages: articles, pregnant-women classes, WhatsApp groups."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from replika.core.models import Unit
from replika.nutrition.forms.fields import date
from replika.nutrition.models import Article, FacilityProfile


class ArticleForm(forms.ModelForm):
    """An education article."""

    class Meta:
        model = Article
        fields = ("title", "audience", "body", "published")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class PregnancyClassForm(forms.Form):
    """A session of the pregnant-women class of a puskesmas."""

    unit = forms.ModelChoiceField(label=_("Puskesmas"), queryset=Unit.objects.none())
    held_on = date(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    facilitator = forms.CharField(label=_("Facilitator"), max_length=120, required=False)
    online = forms.BooleanField(label=_("Online (WhatsApp)"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units


class AttendanceForm(forms.Form):
    """Which mothers of the puskesmas area attended a class."""

    mothers = forms.MultipleChoiceField(
        label=_("Mothers present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, mothers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["mothers"]).choices = [
            (str(pk), name) for pk, name in mothers
        ]


class FacilityProfileForm(forms.ModelForm):
    """The WhatsApp group link a posyandu or puskesmas publishes."""

    class Meta:
        model = FacilityProfile
        fields = ("whatsapp_url",)

    def clean_whatsapp_url(self) -> str:
        url: str = self.cleaned_data["whatsapp_url"]
        if url and not url.startswith(("https://chat.whatsapp.com/", "https://wa.me/")):
            raise forms.ValidationError(
                _("Enter a WhatsApp link (https://chat.whatsapp.com/… or https://wa.me/…).")
            )
        return url
