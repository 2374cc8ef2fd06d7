"""The message catalogue: what hetong says to a reviewer, in Chinese first, English on request.

Rules do not write sentences: they name a message (a rule code and a key) and give its parameters, and
the catalogue (patterns/messages.toml) holds one template per language. The language is chosen once
for the process: ``--lang``, else ``HETONG_LANG``, else Chinese. The JSON's ``message`` holds the text in
the chosen language; ``code`` and ``rule`` stay the same in every language.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
from functools import cache
from typing import Any

from .pattern_set import default_dir

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_lang: str | None = None


def normalise_lang(value: str | None) -> str | None:
    """``zh``, ``zh_CN.UTF-8``, ``en-US`` -> ``zh`` / ``en``; anything else -> None."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_").split("_", 1)[0].split(".", 1)[0]
    return head if head in LANGS else None


def lang() -> str:
    """The language of this process's messages."""
    if _lang is not None:
        return _lang
    return normalise_lang(os.environ.get("HETONG_LANG")) or DEFAULT_LANG


def set_lang(value: str | None) -> str:
    """Choose the language (None: back to HETONG_LANG or the default); returns the language in force."""
    global _lang
    if value is None:
        _lang = None
    else:
        chosen = normalise_lang(value)
        if chosen is None:
            raise ValueError(f"unknown language {value!r} (choose one of: {', '.join(LANGS)})")
        _lang = chosen
    return lang()


@cache
def catalogue() -> dict[str, Any]:
    """The catalogue, read once from the shipped patterns/messages.toml."""
    with open(default_dir() / "messages.toml", "rb") as fh:
        return tomllib.load(fh)


def template(section: str, key: str, language: str | None = None) -> str:
    """One template: ``template("B201", "empty")``; falls back to Chinese when a language lacks it."""
    entry = catalogue()[section][key]
    return entry.get(language or lang()) or entry[DEFAULT_LANG]


def fields(section: str, key: str) -> set[str]:
    """The parameter names a message uses, in any language (for tests and checks)."""
    names: set[str] = set()
    for text in catalogue()[section][key].values():
        names.update(f for _, f, _, _ in string.Formatter().parse(text) if f)
    return names


def say(section: str, key: str, language: str | None = None, /, **args: Any) -> str:
    """A message in the chosen language: ``say("B201", "empty", place="第三条", ...)``."""
    return template(section, key, language).format(**args)


def word(key: str, language: str | None = None) -> str:
    """One word of the ``[words]`` table (severities, report headings, column names)."""
    return template("words", key, language)


def severity(name: str, language: str | None = None) -> str:
    """``error`` -> 错误 (or error in English)."""
    return word(f"severity.{name}", language)


def place(value: str | None, language: str | None = None) -> str:
    """A place name for a reader of the chosen language.

    Places are built from clause labels, which are the document's own words (第三章 3.1, 附件一 报价单),
    and a few region names, which are hetong's (``signature block``): only those are translated. The JSON
    keeps the place as made, so scripts see the same value in every language.
    """
    if not value:
        return value or ""
    language = language or lang()
    if language == "en":
        return value
    if value in catalogue()["places"]:
        return name("places", value, language)
    head, _, rest = value.partition(" ")
    if head == "appendix":
        # the appendix's own label already says 附件: "appendix 附件一 报价单" -> "附件一 报价单"
        return rest if rest.startswith("附件") else f"附件 {rest}".strip()
    if head == "document":
        return " ".join(x for x in (template("places", "document", language), place(rest, language)) if x)
    if value.startswith("《") and "》 " in value:
        title, _, inner = value.partition("》 ")
        return f"{title}》 {place(inner, language)}"
    return value


def name(section: str, value: str, language: str | None = None) -> str:
    """A name hetong gave (a choice group's, a region's) in the chosen language; a name the catalogue
    does not know (from a user's own patterns) as it is."""
    if value in catalogue().get(section, {}):
        return template(section, value, language)
    return value


def failure(kind: str, reason: str, language: str | None = None, *, with_kind: bool = False) -> str:
    """A file that could not be checked, for a person: ``文件已加密：the file is password-protected``
    (in English the reason alone, as it always was; ``with_kind``: ``encrypted: …``, as a report's row
    says it)."""
    language = language or lang()
    if language == "en":
        return f"{kind}: {reason}" if with_kind else reason
    return f"{name('errors', kind, language)}：{reason_text(reason, language)}"


@cache
def _reason_patterns() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    return tuple((re.compile(e["match"]), e) for e in catalogue().get("reason_patterns", ()))


def reason_text(reason: str, language: str | None = None) -> str:
    """Why a file could not be read, in the chosen language: a reason the catalogue lists, or one with a
    figure in it (``its text runs past the limit of 5,000,000 characters``) matched by its patterns; any
    other as it is."""
    language = language or lang()
    if reason in catalogue().get("reasons", {}) or language == "en":
        return name("reasons", reason, language)
    for pattern, entry in _reason_patterns():
        m = pattern.fullmatch(reason)
        if m is not None and language in entry:
            return entry[language].format(**{k: v or "" for k, v in m.groupdict().items()})
    return reason
