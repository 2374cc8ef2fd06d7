"""Loads the pattern data (patterns/*.toml) once and compiles it.

The data ships inside the wheel as ``extractor/_patterns``; in a checkout the top-level ``patterns/``
folder is used. A user's ``--patterns DIR`` overlays files of the same name (a whole file replaces ours,
so a lawyer can edit one vocabulary without touching the rest).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from .errors import HetongError

PACKAGE_DIR = Path(__file__).resolve().parent
#: a pattern that matches nothing: what an optional pattern a user's file lacks stands for
NEVER = "(?!)"
FILES = ("headings", "noise", "structure", "parties", "blanks", "topics", "consistency")


class PatternError(HetongError):
    """A pattern file is missing or invalid."""

    kind = "patterns"


def default_dir() -> Path:
    shipped = PACKAGE_DIR / "_patterns"
    if shipped.is_dir():
        return shipped
    return PACKAGE_DIR.parent / "patterns"


@dataclass(frozen=True)
class Heading:
    kind: str
    rank: int
    regex: regex.Pattern[str]
    examples: tuple[str, ...]
    not_: tuple[str, ...]


@dataclass(frozen=True)
class Exclusive:
    """Options that exclude each other (仲裁 / 诉讼): one regex per alternative."""

    name: str
    anchored: bool
    options: tuple[Any, ...]


@dataclass(frozen=True)
class Consistency:
    """The consistency rules' patterns (patterns/consistency.toml), compiled."""

    amount_words: Any
    amount_figures: Any
    amount_joint: Any
    amount_figure_label: Any
    amount_figure_words_next: Any
    date: Any
    year_month: Any
    month_day: Any
    range_joint: Any
    term: Any
    term_joint: Any
    term_not_before: tuple[str, ...]
    instalment_cue: Any
    instalment_count: Any
    pay_verb: Any
    instalment_intro: Any
    share_percent: Any
    share_not: Any
    share_cumulative: Any
    share_base: Any
    share_total: Any
    instalment_not: Any
    instalment_choice: Any
    total_statement: Any
    quantity_header: Any
    price_header: Any
    amount_header: Any
    table_number: Any
    total_label: Any
    table_adjustment: Any
    reference: Any
    appendix_reference: Any
    appendix_list_intro: Any
    appendix_item: Any
    appendix_titled: Any
    attached_here: Any
    appendix_separate: Any
    this_contract: tuple[str, ...]
    other_document_end: tuple[str, ...]
    amending_title: Any
    organisation: Any
    person: Any
    short_name: Any
    single_choice: Any
    multi_choice: Any
    either_forum: Any
    from_signing: Any
    from_signing_gap: Any
    signing_label: Any
    signature_date_label: Any
    amount_label: Any
    term_label: Any
    exclusive: tuple[Exclusive, ...]


@dataclass(frozen=True)
class Topic:
    label: str
    keywords: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]
    #: the units a blank of this topic is counted in (a period's, money's); empty: any
    units: frozenset[str] = frozenset()
    not_examples: tuple[tuple[str, str], ...] = ()


class PatternSet:
    """All compiled patterns; build with :func:`load`."""

    def __init__(self, data: dict[str, dict[str, Any]], fingerprint: str):
        self.data = data
        self.fingerprint = fingerprint
        h = data["headings"]
        numerals = h["numerals"]
        self.headings: tuple[Heading, ...] = tuple(
            Heading(
                kind=e["kind"],
                rank=int(e["rank"]),
                regex=_compile(
                    e["regex"].replace("{cn}", numerals["cn"]).replace("{arabic}", numerals["arabic"])
                ),
                examples=tuple(e.get("examples", ())),
                not_=tuple(e.get("not", ())),
            )
            for e in h["heading"]
        )
        n = data["noise"]
        self.noise_strong = _compile("|".join(f"(?:{p})" for p in n["strong"]))
        self.noise_end = _compile("|".join(f"(?:{p})" for p in n["end"]))
        s = data["structure"]
        self.title_words = _compile(s["title_words"])
        self.instructions = _compile(s["instructions"])
        self.appendix = _compile(s["appendix"])
        #: the words of signing and sealing, longest first, and the regexes every stage builds from them
        self.sign_words: tuple[str, ...] = tuple(sorted(s["sign_words"], key=len, reverse=True))
        #: the same as one regex alternation, for the patterns each stage builds around them
        self.sign_alternation: str = "|".join(regex.escape(w) for w in self.sign_words)
        sign = self.sign_alternation
        self.sign_word = _compile(sign)
        #: the words just before a place to sign: 甲方（盖章）： / 授权代表（签字或盖章）： / 签名
        self.sign_before = _compile(rf"(?:{sign})[^：:，,。；;]{{0,6}}[：:]?$")
        #: the words right after it: ____（签名）
        self.sign_after = _compile(rf"^[（(]?(?:{sign})")
        #: the instruction in brackets: （盖章） / （签字或盖章） / （签字并盖章）, and (章) alone
        alone = "|".join(regex.escape(w) for w in s.get("sign_here_alone", ()))
        self.sign_here = _compile(
            rf"[（(](?:{sign}{'|' + alone if alone else ''})(?:[或并及和/、]?(?:{sign}))?[）)]"
        )
        # (the roles: two parties' labels side by side with nothing after them are a signing row)
        roles = "|".join(regex.escape(r) for r in (*data["parties"]["ordinal"], *data["parties"]["named"]))
        self.signature = _compile(
            "|".join(f"(?:{p})" for p in s["signature"]).replace("{sign}", sign).replace("{role}", roles)
        )
        self.contract_number = _compile(s["contract_number"])
        self.title_word = _compile(s.get("title_word", NEVER))
        self.office_use = _compile(s["office_use"])
        self.body_end = _compile(s["body_end"])
        self.model_mark = _compile(s["model_mark"])
        self.contract_word = _compile(s["contract_word"])
        self.party_word = _compile(s["party_word"])
        p = data["parties"]
        self.ordinal_roles: tuple[str, ...] = tuple(p["ordinal"])
        self.named_roles: tuple[str, ...] = tuple(p["named"])
        #: words before a role that say how the party was chosen (中标（成交）供应商)
        self.role_qualifiers: tuple[str, ...] = tuple(p.get("role_qualifiers", ()))
        #: every role word, longest first (乙方确认 is looked up as 乙方, 承租人一 as 承租人)
        self.roles_longest_first: tuple[str, ...] = tuple(
            sorted(self.ordinal_roles + self.named_roles, key=len, reverse=True)
        )
        #: label without spaces -> canonical key
        self.field_keys: dict[str, str] = {}
        #: the title of a section holding the party blocks (一、合同当事人)
        self.party_section = _compile(p["party_section"])
        #: labels of the contract itself (签订地点): one ends a party block
        self.contract_fields: frozenset[str] = frozenset(_squash(x) for x in p.get("contract_fields", ()))
        self.name_appositive = _compile(
            r"[，,][ \u3000]*(?:"
            + ("|".join(regex.escape(w) for w in p.get("name_appositives", ())) or NEVER)
            + r")|,[ ]+(?:a|an|with its)[ ]"
        )
        self.preamble_openers = _compile(
            "|".join(regex.escape(w) for w in p.get("preamble_openers", ())) or NEVER
        )
        for key, labels in p["fields"].items():
            for label in labels:
                self.field_keys.setdefault(_squash(label), key)
        #: the parties' labels of two characters or more, longest first (a label glued after a value)
        self.party_labels_longest: tuple[str, ...] = tuple(
            sorted((w for w in self.field_keys if len(w) >= 2), key=lambda w: (-len(w), w))
        )
        #: …and the contract's own (签约地点): what a name may have glued to its end (…有限公司签约地点:)
        self.glued_labels_longest: tuple[str, ...] = tuple(
            sorted({*self.party_labels_longest, *self.contract_fields}, key=lambda w: (-len(w), w))
        )
        self.contract_fields_longest: tuple[str, ...] = tuple(
            sorted((w for w in self.contract_fields if len(w) >= 3), key=lambda w: (-len(w), w))
        )
        #: (ending, key), longest ending first: the key of a label not listed
        self.field_suffixes: tuple[tuple[str, str], ...] = tuple(
            sorted(
                ((_squash(e), k) for k, ends in p.get("field_suffixes", {}).items() for e in ends),
                key=lambda x: -len(x[0]),
            )
        )
        self.field_foreign: tuple[str, ...] = tuple(p.get("field_foreign", {}).get("prefixes", ()))
        #: a bank card number after its label, and the issuers whose numbers carry a Luhn check digit
        #: (optional: a user's parties.toml written before they existed still loads)
        self.card_number = _compile(p.get("card_number", NEVER))
        self.card_luhn_issuer = _compile(p.get("card_luhn_issuer", NEVER))
        b = data["blanks"]
        self.na = _compile("|".join(f"(?:{p})" for p in b["na"]))
        self.units: tuple[str, ...] = tuple(sorted(b["units"], key=len, reverse=True))
        # optional keys: a user's blanks.toml written before they existed still loads
        self.units_word_start: frozenset[str] = frozenset(b.get("units_word_start", ()))
        self.blank_before: tuple[str, ...] = tuple(sorted(b.get("blank_before", ()), key=len, reverse=True))
        self.amount_words: tuple[str, ...] = tuple(b.get("amount_words", ()))
        self.between_blanks: frozenset[str] = frozenset(b.get("between_blanks", ()))
        self.room_words: frozenset[str] = frozenset(b.get("room_words", ()))
        #: the same, longest first, to read a run of them word by word (号楼 before 号)
        self.between_words: tuple[str, ...] = tuple(sorted(self.between_blanks, key=lambda w: (-len(w), w)))
        self.list_intro = _compile(b.get("list_intro", "(?!)"))
        self.note_labels: frozenset[str] = frozenset(b.get("note_labels", ()))
        self.label_openers: tuple[str, ...] = tuple(b.get("label_openers", ()))
        self.english_label_words: frozenset[str] = frozenset(b.get("english_label_words", ()))
        self.english_fields: frozenset[str] = frozenset(b.get("english_fields", ()))
        #: a person's form labels and the parties' labels, longest first, by first character: what a value
        #: made only of labels is read into
        self.form_label_words: dict[str, tuple[str, ...]] = {}
        words = {*b.get("form_labels", ()), *self.field_keys, *self.contract_fields}
        for w in sorted(words, key=lambda w: (-len(w), w)):
            if w:
                self.form_label_words[w[0]] = (*self.form_label_words.get(w[0], ()), w)
        self.not_to_fill: frozenset[str] = frozenset(_squash(x) for x in b.get("not_to_fill", ()))
        self.page_labels: frozenset[str] = frozenset(_squash(x) for x in b.get("page_labels", ()))
        self.total_row: frozenset[str] = frozenset(_squash(x) for x in b.get("total_row", ()))
        self.summed: tuple[str, ...] = tuple(b.get("summed", ()))
        self.placeholder = _compile(b["placeholder"])
        self.placeholder_place = _compile(b.get("placeholder_place", NEVER))
        self.collapsed = _compile(b.get("collapsed", NEVER))
        self.placeholder_name = _compile(b["placeholder_name"])
        self.unchecked: str = b["unchecked"]
        self.checked: str = b["checked"]
        self.boxes: str = self.unchecked + self.checked  # any check box, ticked or not
        #: the same as sets, for a line's test in one pass (set.isdisjoint(text))
        self.checked_set: frozenset[str] = frozenset(self.checked)
        self.unchecked_set: frozenset[str] = frozenset(self.unchecked)
        self.loose_box: str = b.get("loose_box", "")
        unit_kinds = data["topics"].get("units", {})
        self.topics: tuple[Topic, ...] = tuple(
            Topic(
                t["label"],
                tuple(t["keywords"]),
                tuple(tuple(x) for x in t.get("examples", ())),
                frozenset(unit_kinds[t["unit"]]) if "unit" in t else frozenset(),
                tuple(tuple(x) for x in t.get("not_examples", ())),
            )
            for t in data["topics"]["topic"]
        )
        c = data["consistency"]
        self.consistency = Consistency(
            amount_words=_compile(c["amount_words"]),
            amount_figures=_compile(c["amount_figures"]),
            amount_joint=_compile(c["amount_joint"]),
            amount_figure_label=_compile(c["amount_figure_label"]),
            amount_figure_words_next=_compile(c.get("amount_figure_words_next", NEVER)),
            date=_compile(c["date"]),
            # optional keys: a user's consistency.toml written before they existed still loads
            year_month=_compile(c.get("year_month", NEVER)),
            month_day=_compile(c.get("month_day", NEVER)),
            range_joint=_compile(c["range_joint"]),
            term=_compile(c["term"]),
            term_joint=_compile(c["term_joint"]),
            term_not_before=tuple(c.get("term_not_before", ())),
            instalment_cue=_compile(c.get("instalment_cue", NEVER)),
            instalment_count=_compile(c.get("instalment_count", NEVER)),
            pay_verb=_compile(c.get("pay_verb", NEVER)),
            instalment_intro=_compile(c.get("instalment_intro", NEVER)),
            share_percent=_compile(c.get("share_percent", NEVER)),
            share_not=_compile(c.get("share_not", NEVER)),
            share_cumulative=_compile(c.get("share_cumulative", NEVER)),
            share_base=_compile(c.get("share_base", NEVER)),
            share_total=_compile(c.get("share_total", NEVER)),
            instalment_not=_compile(c.get("instalment_not", NEVER)),
            instalment_choice=_compile(c.get("instalment_choice", NEVER)),
            total_statement=_compile(c.get("total_statement", NEVER)),
            quantity_header=_compile(c.get("quantity_header", NEVER)),
            price_header=_compile(c.get("price_header", NEVER)),
            amount_header=_compile(c.get("amount_header", NEVER)),
            table_number=_compile(c.get("table_number", NEVER)),
            total_label=_compile(c.get("total_label", NEVER)),
            table_adjustment=_compile(c.get("table_adjustment", NEVER)),
            reference=_compile(c["reference"]),
            appendix_reference=_compile(c["appendix_reference"]),
            appendix_list_intro=_compile(c.get("appendix_list_intro", NEVER)),
            appendix_item=_compile(c.get("appendix_item", NEVER)),
            appendix_titled=_compile(c.get("appendix_titled", NEVER)),
            attached_here=_compile(c.get("attached_here", NEVER)),
            appendix_separate=_compile(c.get("appendix_separate", NEVER)),
            # longest first: 本合同 is looked for before 本
            this_contract=tuple(sorted(c.get("this_contract", ()), key=len, reverse=True)),
            other_document_end=tuple(c.get("other_document_end", ())),
            amending_title=_compile(c["amending_title"]),
            organisation=_compile(c.get("organisation", NEVER)),
            person=_compile(c.get("person", NEVER)),
            short_name=_compile(c.get("short_name", NEVER)),
            single_choice=_compile(c["single_choice"]),
            multi_choice=_compile(c["multi_choice"]),
            either_forum=_compile(c.get("either_forum", NEVER)),
            from_signing=_compile(c.get("from_signing", NEVER)),
            from_signing_gap=_compile(c.get("from_signing_gap", NEVER)),
            signing_label=_compile(c.get("signing_label", NEVER)),
            signature_date_label=_compile(c.get("signature_date_label", NEVER)),
            amount_label=_compile(c.get("amount_label", NEVER)),
            term_label=_compile(c.get("term_label", NEVER)),
            exclusive=tuple(
                Exclusive(e["name"], bool(e.get("anchored", False)), tuple(_compile(o) for o in e["options"]))
                for e in c.get("exclusive", ())
            ),
        )


def _squash(s: str) -> str:
    return "".join(s.split())


#: the CJK ideographs (basic, extension A, compatibility): what ``\p{Han}`` means in contract text
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def compile_pattern(pattern: str) -> Any:
    r"""Compile with the standard ``re`` where it can (about 3x faster on these patterns), else ``regex``.

    ``\p{Han}`` is spelled as a character range so most patterns stay within ``re``; a pattern that needs
    ``regex`` (variable-width look-behind, Unicode properties) still compiles.
    """
    spelled = _spell_han(pattern)
    try:
        return re.compile(spelled)
    except re.error:
        return regex.compile(pattern, regex.V1)


def _spell_han(pattern: str) -> str:
    r"""``pattern`` with each ``\p{Han}`` as :data:`HAN`: bare inside a character class (``[ \p{Han}]``),
    a class of its own outside one."""
    out, i, inside = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("\\p{Han}", i):
            out.append(HAN if inside else f"[{HAN}]")
            i += 7
            continue
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not inside:
            inside = True
            out.append(ch)
            if pattern.startswith("^", i + 1):  # (a negated class: its ^ and a ] right after it are members)
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("]")
                i += 1
        elif ch == "]" and inside:
            inside = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _compile(pattern: str) -> Any:
    try:
        return compile_pattern(pattern)
    except regex.error as exc:
        raise PatternError("patterns", f"invalid regex {pattern!r}: {exc}") from None


def _overlay(ours: dict[str, Any], theirs: dict[str, Any], where: str) -> dict[str, Any]:
    """A user's pattern file over ours, key by key: a key they give replaces ours (tables are merged
    the same way, key by key), and the lists under their ``[extend]`` table are added to ours (your own
    role words: ``[extend]`` ``named = ["承揽方"]`` in a parties.toml of your own)."""
    out = _merge(ours, {k: v for k, v in theirs.items() if k != "extend"}, add=False, where=where)
    return _merge(out, theirs.get("extend") or {}, add=True, where=where)


def _merge(
    base: dict[str, Any], more: dict[str, Any], *, add: bool, where: str, path: str = ""
) -> dict[str, Any]:
    """``more`` over ``base``, tables merged key by key; a list of ``more`` replaces ours, or with ``add``
    is added to ours (what is already there once)."""
    out = dict(base)
    for key, value in more.items():
        have = out.get(key)
        if isinstance(have, dict) and isinstance(value, dict):
            out[key] = _merge(have, value, add=add, where=where, path=f"{path}{key}.")
        elif not add or have is None:
            out[key] = value
        elif isinstance(have, list) and isinstance(value, list):
            out[key] = have + [v for v in value if v not in have]
        else:
            raise PatternError(where, f"extend.{path}{key}: only lists can be extended")
    return out


def _read_dir(folder: Path, names: tuple[str, ...], required: bool) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in names:
        path = folder / f"{name}.toml"
        if not path.is_file():
            if required:
                raise PatternError(str(path), "pattern file is missing")
            continue
        try:
            out[name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise PatternError(str(path), f"not valid TOML: {exc}") from None
    return out


@cache
def load(user_dir: str | None = None) -> PatternSet:
    """The pattern set: ours, overlaid file by file with ``user_dir``'s. Cached per folder."""
    data = _read_dir(default_dir(), FILES, required=True)
    if user_dir is not None:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise PatternError(user_dir, "patterns folder does not exist")
        unknown = sorted(f.name for f in folder.glob("*.toml") if f.stem not in FILES)
        if unknown:
            raise PatternError(
                str(folder / unknown[0]),
                f"not a pattern file (the files are {', '.join(n + '.toml' for n in FILES)})",
            )
        for name, theirs in _read_dir(folder, FILES, required=False).items():
            data[name] = _overlay(data[name], theirs, str(folder / f"{name}.toml"))
    digest = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in data.items())).encode()).hexdigest()
    try:
        return PatternSet(data, digest[:16])
    except (KeyError, TypeError) as exc:
        raise PatternError(user_dir or str(default_dir()), f"pattern data lacks {exc}") from None
