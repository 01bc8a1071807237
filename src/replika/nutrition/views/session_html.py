"""The session rows' HTML, written in Python: 120 rows are most of the page's server time.

Through the template engine a row cost about 0.4 ms (some 1,700 node renders and variable
lookups for 120 rows); joined here from strings it costs a few dozen microseconds. Every
value from the database or the request goes through ``escape``; the words are looked up
once per page (``Words``). The markup is the one the page's script and tests read:
``fieldset.srow`` with its data attributes, ``.sresult`` with its state.

A row's folded inputs (LiLA, head, oedema) are sent inside ``<noscript>`` unless they hold
a value or an error: with JavaScript that is one text node instead of a dozen elements
(the script builds them when the cadre opens the fold), without it they are ordinary inputs
the whole form posts.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from replika.nutrition.models import Measurement

MORE = ("armc", "headc", "oedema")


class Words:
    """The words every row repeats, in the active language, looked up once per page."""

    def __init__(self) -> None:
        self.wt = escape(_("Wt (kg)"))
        self.lh = escape(_("L/H (cm)"))
        self.pos = escape(_("Position"))
        self.lying = escape(_("lying"))
        self.standing = escape(_("standing"))
        self.more = escape(_("LiLA, head, oedema"))
        self.armc = escape(_("LiLA (cm)"))
        self.headc = escape(_("Head (cm)"))
        self.oedema = escape(_("Oedema"))
        self.sex_m = escape(pgettext("sex", "M"))
        self.sex_f = escape(pgettext("sex", "F"))
        self.last = escape(_("Last weighing"))
        self.new = escape(pgettext("first weighing", "new"))
        self.states = {
            "saved": "✓ " + escape(_("saved")),
            "replayed": "✓ " + escape(_("saved")),
            "conflict": "⚠ " + escape(_("changed by someone else")),
            "held": "? " + escape(_("please check")),
            "invalid": "✗ " + escape(_("not saved")),
        }
        self.unmeasured = escape(_("not measured yet"))
        self.confirm = escape(_("Yes, I measured again: the value is right."))
        self.keep_theirs = escape(_("Keep the server's values"))
        self.save_mine = escape(_("Save my values"))
        self.implausible = escape(_("Implausible value: measure again."))
        self.confirmed = escape(_("Unusual value confirmed by the cadre."))
        self.refer = escape(_("Refer to the puskesmas."))
        self.gizi_buruk = escape(_("gizi buruk"))
        self.gizi_kurang = escape(_("gizi kurang"))
        self.because = escape(_("because of"))
        self.wfl = escape(_("weight-for-length/height"))
        self.lila = escape(_("LiLA"))
        self.bilateral = escape(_("bilateral oedema"))


def _text_input(field: dict[str, Any], label: str) -> str:
    """One decimal input with its label (an error marks the box and the input)."""
    error = field["error"]
    invalid = ' aria-invalid="true"' if error else ""
    return (
        f'<div class="sfield{" has-error" if error else ""}">'
        f'<label for="{field["id"]}">{label}</label>'
        '<input type="text" inputmode="decimal" enterkeyhint="next" autocomplete="off" '
        f'name="{field["name"]}" id="{field["id"]}" value="{escape(field["value"])}"'
        f"{invalid}></div>"
    )


def _measure_select(field: dict[str, Any], w: Words) -> str:
    value = field["value"]

    def option(code: str, label: str) -> str:
        chosen = " selected" if value == code or (not code and not value) else ""
        return f'<option value="{code}"{chosen}>{label}</option>'

    return (
        f'<div class="sfield"><label for="{field["id"]}">{w.pos}</label>'
        f'<select name="{field["name"]}" id="{field["id"]}">'
        f"{option('l', w.lying)}{option('h', w.standing)}{option('', '?')}</select></div>"
    )


def _more_inputs(inputs: dict[str, dict[str, Any]], w: Words) -> str:
    oedema = inputs["oedema"]
    checked = " checked" if oedema["value"] else ""
    return (
        '<div class="sinputs">'
        f"{_text_input(inputs['armc'], w.armc)}{_text_input(inputs['headc'], w.headc)}"
        f'<div class="sfield scheck"><label for="{oedema["id"]}">{w.oedema}</label>'
        f'<input type="checkbox" name="{oedema["name"]}" id="{oedema["id"]}"{checked}></div>'
        "</div>"
    )


def _acute(m: Measurement, w: Words) -> str:
    """Why the month is acute malnutrition (as nutrition/_acute.html says it)."""
    if not m.cat_acute:
        return ""
    reasons = []
    for code in m.acute_reasons_list:
        if code == "bbtb":
            reasons.append(f"{w.wfl} {floatformat(m.zwfl, 2)}")
        elif code == "lila":
            reasons.append(f"{w.lila} {floatformat(m.armc, 1)} cm")
        elif code == "edema":
            reasons.append(w.bilateral)
        else:
            reasons.append("")
    badge = (
        f'<span class="badge cat-bad">{w.gizi_buruk}</span>'
        if m.cat_acute == "gizi_buruk"
        else f'<span class="badge cat-warn">{w.gizi_kurang}</span>'
    )
    return (
        f'<span class="acute" data-acute="{escape(m.cat_acute)}" '
        f'data-reasons="{escape(m.acute_reasons)}">{badge} '
        f'<span class="muted">{w.because} {", ".join(reasons)}</span></span>'
    )


def _local(value: Decimal | None, empty: str = "") -> str:
    return empty if value is None else escape(formats.localize(value))


def result_html(item: dict[str, Any], w: Words) -> str:
    """A row's outcome: its state, errors, question, conflict or growth and alerts."""
    d, state, m = item["d"], item["state"], item["row"].measurement
    pk, r = d["pk"], d["result"]
    parts = [
        f'<div class="sresult" id="res-{pk}" data-state="{state}" data-rev="{item["revision"]}"'
        f' aria-live="polite">\n<span class="sstate">{w.states.get(state, w.unmeasured)}</span>\n'
    ]
    if d["errors"]:
        lines = "".join(f'<li class="error">{escape(e)}</li>' for e in d["errors"])
        parts.append(f'<ul class="serrors" role="alert">{lines}</ul>\n')
    if state == "held":
        parts.append(
            f'<p class="squestion"><input type="checkbox" name="c{pk}-confirm"'
            f' id="id_c{pk}-confirm" data-confirm><label for="id_c{pk}-confirm">'
            f"{w.confirm}</label></p>\n"
        )
    if state == "conflict" and m is not None:
        parts.append(_conflict_box(m, w))
    elif r:
        growth = escape(r["growth"] or "")
        parts.append(f'<span class="badge growth-{growth or "x"}">{growth or "—"}</span>')
        for z in r["scores"]:
            flag = " ⚠" if z["flag"] else ""
            parts.append(
                f'\n<span class="sz">{escape(z["label"])} {escape(z["value"])}{flag}</span>'
                f' <span class="badge {z["css"]}">{escape(z["category"] or "—")}</span>'
            )
        parts.append("\n" + _acute(m, w) + "\n" if m is not None else "\n")
        if r["flagged"]:
            parts.append(f'<span class="muted">{w.implausible}</span>')
        if r["confirmed"]:
            parts.append(f'<span class="muted">{w.confirmed}</span>')
    parts.append("\n")
    for code, label in item["alerts"]:
        parts.append(
            f'<span class="badge cat-bad alert" data-alert="{escape(code)}">'
            f"⚑ {escape(label)}</span>"
        )
    if item["alerts"]:
        parts.append(f'<span class="muted">{w.refer}</span>')
    parts.append("\n</div>")
    return "".join(parts)


def _conflict_box(m: Measurement, w: Words) -> str:
    text = _(
        "Saved on the server meanwhile: weight %(weight)s kg, length/height %(lenhei)s cm (%(at)s)."
    ) % {
        "weight": _local(m.weight, "—"),
        "lenhei": _local(m.lenhei, "—"),
        "at": escape(formats.date_format(timezone.localtime(m.updated_at), "j F Y H.i")),
    }
    return (
        f'<div class="sconflict" data-weight="{_local(m.weight)}" data-lenhei="{_local(m.lenhei)}"'
        f' data-measure="{escape(m.measure)}" data-armc="{_local(m.armc)}"'
        f' data-headc="{_local(m.headc)}" data-oedema="{"1" if m.oedema else "0"}">\n'
        f"<p>{text}</p>\n"
        f'<button type="button" class="button" data-action="theirs">{w.keep_theirs}</button>\n'
        f'<button type="button" class="button primary" data-action="mine">{w.save_mine}</button>\n'
        "</div>"
    )


def row_html(item: dict[str, Any], w: Words, row_base: str, child_base: str) -> str:
    """One child's fieldset: head line, inputs, folded inputs, revision and result."""
    d = item["d"]
    i = d["inputs"]
    pk = d["pk"]
    prev = d["prev"]
    last: str = w.new
    if prev is not None:
        growth = escape(prev["growth"] or "x")
        last = (
            f'{escape(prev["weight"])} kg <span class="trend trend-{growth}">'
            f"{escape(prev['trend'])}</span> {escape(prev['month'])}"
        )
    more = _more_inputs(i, w)
    summary = f"<summary>{w.more}</summary>"
    if d["open_more"]:
        fold = f'<details class="smore" open>{summary}{more}</details>'
    else:
        fold = f'<details class="smore">{summary}<noscript>{more}</noscript></details>'
    return (
        f'<fieldset class="srow" id="row-{pk}" data-child="{pk}" data-name="{escape(d["key"])}"'
        f' data-state="{item["state"]}" data-todo="{d["todo"]}" data-followup="{d["followup"]}"'
        f' data-url="{row_base}{pk}/" data-prefix="c{pk}">\n'
        f'<legend class="shead"><a class="sname" href="{child_base}{pk}/">{escape(d["name"])}</a>'
        f' <span class="sage">{escape(d["age"])} · {w.sex_f if d["female"] else w.sex_m}</span>'
        f' <span class="sprev" title="{w.last}">{last}</span></legend>\n'
        f'<div class="sinputs">\n{_text_input(i["weight"], w.wt)}\n'
        f"{_text_input(i['lenhei'], w.lh)}\n{_measure_select(i['measure'], w)}\n</div>\n"
        f"{fold}\n"
        f'<input type="hidden" name="c{pk}-rev" value="{escape(item["revision"])}">\n'
        f"{result_html(item, w)}\n</fieldset>"
    )
