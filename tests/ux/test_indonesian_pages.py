"""No English on the Indonesian pages of the demo, for every demo role and the public.

"English" is taken from the project's own catalogue: every word of an English source string
(msgid) that no Indonesian translation (msgstr) uses, plus common English words that are
never Indonesian. A crawler signs in as each demo account, follows the site's own links
and reads each page's visible text (and its tooltips and screen-reader labels).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from tests.liveserver import ROOT, LiveServer
from tests.ux.crawler import Visitor

CATALOGUE = ROOT / "src" / "replika" / "locale" / "id" / "LC_MESSAGES" / "django.po"
DEMO_USERS = (
    "provinsi",
    "mentor",
    "admin.padang",
    "admin.duadaerah",
    "gizi.padang",
    "bidan.andalas",
    "kader.padang",
    "penilai.1",
    "panelis.1",
)
# Common English words whatever the catalogue says.
ENGLISH = {
    "the",
    "and",
    "with",
    "this",
    "that",
    "should",
    "input",
    "none",
    "true",
    "false",
    "your",
    "you",
    "from",
    "have",
    "has",
    "been",
    "will",
    "not",
    "are",
    "was",
    "for",
    "of",
    "to",
    "is",
    "by",
    "or",
    "on",
    "at",
    "be",
    "an",
    "it",
    "if",
    "error",
    "value",
    "field",
    "required",
    "invalid",
    "please",
    "click",
    "page",
    "next",
    "previous",
    "search",
    "submit",
    "save",
    "cancel",
    "delete",
    "edit",
    "view",
    "back",
    "home",
    "profile",
    "users",
    "account",
    "settings",
    "report",
}
# Names and terms that read the same in both languages, besides those the catalogue shows.
ALLOWED = {
    "replika",
    "ayo",
    "ceting",
    "sip",
    "banget",
    "pikobar",
    "jabpri",
    "poltabes",
    "kemenpanrb",
    "kipp",
    "who",
    "unicef",
    "cahyadsn",
    "mit",
    "e",
    "ppgbm",
    "api",
    "token",
    "csv",
    "xlsx",
    "pdf",
    "rpk",
    "posyandu",
    "puskesmas",
    "online",
    "permenkes",
    "mentor",
    "header",
    "authorization",
    "bearer",
}
# Proper names and terms of the catalogue's own facts (an agency's name, a programme term),
# and the name the live test server gives its API token.
PHRASES = (
    "Jabar Digital Service",
    "by-name",
    "by name",
    "live tests",
    # Indonesian writes "sub-program"; the demo's proposal, business and event names.
    "sub-program",
    "Posyandu Digital",
    "Tour & Travel",
    "Fun Run",
)
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+")
WORD = re.compile(r"[A-Za-z]+")
# Only plain words are judged: "rumah", "Rumah"; never "KemenPANRB" or "SKDN".
PLAIN = re.compile(r"^[A-Za-z][a-z]+$")


@cache
def english_words() -> frozenset[str]:
    """Words of the English source strings that the Indonesian translations never use."""
    text = CATALOGUE.read_text(encoding="utf-8")
    source = " ".join(re.findall(r'^msgid(?:_plural)? "(.*)"$', text, flags=re.M))
    target = " ".join(re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, flags=re.M))
    # Placeholders (%(name)s, {{ x }}) are not words of either language.
    strip = re.compile(r"%\([a-z_]+\)[sd]|\{\{[^}]*\}\}|\{[^}]*\}")
    english = {w.lower() for w in WORD.findall(strip.sub(" ", source))}
    indonesian = {w.lower() for w in WORD.findall(strip.sub(" ", target))}
    return frozenset((english - indonesian) | ENGLISH) - ALLOWED


def english_on(text: str) -> set[str]:
    """The English words of a page's text (acronyms in capitals are not words)."""
    words = english_words()
    text = URL.sub(" ", text)
    for phrase in PHRASES:
        text = text.replace(phrase, " ")
    return {w for w in WORD.findall(text) if PLAIN.match(w) and w.lower() in words}


def test_the_word_list_knows_english_and_spares_indonesian() -> None:
    assert {"Account", "should", "Service"} <= english_on("Account should Service name")
    assert not english_on("Beranda Replikasi Pengaturan Rumah Gizi Kota Padang stunting")


def _report(found: dict[str, set[str]]) -> str:
    return "\n".join(f"{path}: {' | '.join(sorted(words))}" for path, words in found.items())


def _in_context(text: str, words: set[str]) -> set[str]:
    """Each English word with a little of the text around its first use."""
    shown = set()
    for word in words:
        at = re.search(rf"\b{re.escape(word)}\b", text)
        start = at.start() if at else 0
        context = " ".join(text[max(0, start - 40) : start + 40].split())
        shown.add(f"{word}: …{context}…")
    return shown


def _english_pages(visitor: Visitor, limit: int) -> dict[str, set[str]]:
    crawl = visitor.crawl("/", limit=limit)
    assert crawl.pages, "nothing could be read"
    found = {path: english_on(text) for path, text in crawl.pages.items()}
    return {path: _in_context(crawl.pages[path], words) for path, words in found.items() if words}


@pytest.mark.parametrize("username", DEMO_USERS)
def test_no_english_word_on_the_indonesian_pages_of_a_demo_role(
    replika_server: LiveServer, username: str
) -> None:
    visitor = Visitor(replika_server)
    visitor.sign_in(username)
    found = _english_pages(visitor, limit=45)
    assert not found, f"English on the Indonesian pages of {username}:\n{_report(found)}"


def test_no_english_word_on_the_public_pages(replika_server: LiveServer) -> None:
    found = _english_pages(Visitor(replika_server), limit=30)
    assert not found, f"English on the public Indonesian pages:\n{_report(found)}"


def test_the_catalogue_is_where_the_test_expects_it() -> None:
    assert Path(CATALOGUE).is_file()
