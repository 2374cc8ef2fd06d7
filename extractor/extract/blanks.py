"""Blanks: the places a contract leaves for a value, found on each line, with what the context says.

Forms (first match wins where they overlap):
  placeholder  ``{{ name }}`` left unrendered by a template engine
  date         ``年  月  日`` with a part unfilled
  underscore   ``____`` (2+), or ``__12__`` filled in place
  bracket      ``（    ）`` ``【 】`` ``[  ]`` holding only spaces
  checkbox     a line of ``□`` options; filled when one is ticked
  underline    an underlined span in .docx/PDF: only spaces is empty, text is a filled value
  spaces       a run of spaces or ideographic spaces where a value belongs (``租金为　　　　元``)
A blank filled with ``/`` or ``无``/``不适用`` is deliberately not applicable (status ``na``).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..locate import Locator
from ..model import Blank, Line, Node, Party
from ..pattern_set import PatternSet, compile_pattern
from ..segment import match_heading, squash
from .parties import ALIAS_NOTE
from .values import normalize

CONTEXT = 16
SPACE = " \u3000"
_RE_UNDERSCORE = compile_pattern(r"_+(?P<val>[^_：:\n]{1,60}?)_+|_{2,}")
# a year, month or day is a number or a run of filler; a run of filler is entered only at its start (the
# look-behind), so a long run costs one pass, not one per position
_RE_DATE = compile_pattern(
    r"(?:(?P<y>\d{2,4})[ \u3000]*|(?<![ \u3000_])(?P<ye>[ \u3000_]*))年"
    r"(?:[ \u3000]*(?P<m>\d{1,2})[ \u3000]*|(?P<me>[ \u3000_]+))月"
    r"(?:[ \u3000]*(?P<d>\d{1,2})[ \u3000]*|(?P<de>[ \u3000_]+))日"
)
_RE_BARE_DATE = compile_pattern(r"(?<=[：:])[ \u3000]*年月日(?!\p{Han})")
_RE_BRACKET = compile_pattern(
    r"[（(【\[][ \u3000]+(?:(?P<val>[^（）()【】\[\]\s]{1,20})[ \u3000]+)?[）)】\]]"
)
#: a bracketed instruction such as （在□内打√） holds marks that are not options
_RE_BRACKETED = compile_pattern(r"[（(][^（）()]{0,20}[）)]")
_RE_SPACES = compile_pattern(r"[ \u3000]+")
FIELD_VALUE_MAX = 40
_SIGN_LABEL = compile_pattern(r"盖章|签章|签字|签名|公章")
#: the words just before a place to sign or seal: 甲方（盖章）： / 授权代表（签字或盖章）： / 签名
_SIGN_BEFORE = compile_pattern(r"(?:盖章|签章|签字|签名|公章|手印|捺印)[^：:，,。；;]{0,6}[：:]?$")
_SIGN_AFTER = compile_pattern(r"^[（(]?(?:盖章|签章|签字|签名|公章|手印|捺印)")
#: a completed date just before a wide gap: the gap separates two columns (甲方日期 … 乙方日期)
_DATE_BEFORE = compile_pattern(
    r"(?:\d{2,4}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})$"
)
_RE_FIELD = compile_pattern(
    r"(?:^[ \u3000]*|(?<=[ \u3000]{2})(?![ \u3000]))(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、．.]\s*)?"
    r"(?P<label>\p{Han}[\p{Han}（）()/]{1,11})[：:](?P<value>[^：:]*?)"
    r"(?=(?<![ \u3000])[ \u3000]{2,}\p{Han}{1,12}[：:]|$)"
)
_RE_NEXT_LABEL = compile_pattern(r"[\p{Han}A-Za-z（）()/]{1,16}[：:]")
_LABEL_BEFORE = compile_pattern(r"(?P<label>[\p{Han}A-Za-z（）()/]{1,15})\s*[：:]\s*$")
_SENTENCE_STOP = "。；;！？!?\n"
_CLAUSE_STOP = "，,、：:" + _SENTENCE_STOP
#: words that only lead up to a quantity: 共计____个月 says nothing about what is counted
_STOP_PHRASES = ("共计", "合计", "总计", "至少", "不少于", "不超过", "不低于", "不高于", "最多", "每")
_STOP_SUFFIX = "为是按于在的第"
_LEADING_FILLER = (
    "本协议的",
    "本合同的",
    "本协议",
    "本合同",
    "双方",
    "甲方",
    "乙方",
    "应",
    "的",
    "在",
    "于",
    "为",
)


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    kind: str
    value: str | None
    status: str


def _width(run: str) -> int:
    return sum(2 if ch == "\u3000" else 1 for ch in run)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _letter_spacing(text: str, start: int, end: int) -> bool:
    """住  所  地： / 电    话： — spaces inside a short label, not a blank."""
    if start == 0 or end >= len(text) or not (_is_cjk(text[start - 1]) and _is_cjk(text[end])):
        return False
    before = start - 1
    left_alone = before == 0 or text[before - 1] in SPACE
    tail = text[end : end + 8]
    colon = min((i for i in (tail.find("："), tail.find(":")) if i >= 0), default=-1)
    label_tail = colon >= 0 and all(_is_cjk(c) or c in SPACE for c in tail[:colon])
    return left_alone and (label_tail or (end + 1 < len(text) and text[end + 1] in SPACE + "：:"))


def _space_hits(text: str) -> list[_Hit]:
    """Runs of spaces that are blanks (runs inside another form's blank are dropped when added)."""
    hits = []
    body = text.rstrip()
    for m in _RE_SPACES.finditer(text):
        a, b = m.span()
        run = m.group(0)
        if a == 0:
            rest = text[b:].strip()
            # indentation, unless only punctuation follows: the tail of a blank begun on the line above
            if rest and all(ch in "。；;，,.、" for ch in rest):
                hits.append(_Hit(a, b, "spaces", None, "empty"))
            continue
        if _width(run) < 3 or _letter_spacing(text, a, b):
            continue
        prev = text[a - 1]
        if b >= len(body):  # a trailing run: a blank only after a label or an unfinished phrase
            if prev in "：:" or _is_cjk(prev):
                hits.append(_Hit(a, a + len(run), "spaces", None, "empty"))
            continue
        if prev in "。；;）)】」" and text[b] not in "。；;，,":
            continue  # space between sentences or after a closing bracket is layout
        if prev not in "：:" and _RE_NEXT_LABEL.match(text, b):
            continue  # a gap between side-by-side fields: 联系人：张三　　　　电话：…
        if _width(run) >= 4 and _DATE_BEFORE.search(text, max(0, a - 20), a):
            continue  # a gap between side-by-side columns after a date: 2024年1月1日　　　　2024年1月1日
        hits.append(_Hit(a, b, "spaces", None, "empty"))
    return hits


def sign_place(before: str, after: str = "") -> bool:
    """Whether a blank is a place to sign or seal (``甲方（盖章）：____``, ``乙方：____（签名）``), from
    the text around it.

    A seal or a handwritten signature never shows in the text, so such a blank says nothing about whether
    the copy was signed: the rules treat it apart from the values still to fill."""
    return _SIGN_BEFORE.search(before) is not None or _SIGN_AFTER.match(after) is not None


def _checkbox_hit(text: str, ps: PatternSet) -> _Hit | None:
    if not any(ch in text for ch in ps.unchecked + ps.checked):
        return None
    inside: set[int] = set()  # positions within short brackets (each at most 22 characters)
    for m in _RE_BRACKETED.finditer(text):
        inside.update(range(m.start() + 1, m.end() - 1))
    boxes = ps.unchecked + ps.checked
    marks = [i for i, ch in enumerate(text) if ch in boxes and i not in inside]
    # 口 is a box only when it stands alone (OCR reads □ as 口)
    marks = [
        i
        for i in marks
        if text[i] != "口" or ((i == 0 or text[i - 1] in SPACE) and text[i + 1 : i + 2] in SPACE)
    ]
    if not marks:
        return None
    chosen = []
    for n, i in enumerate(marks):
        end = marks[n + 1] if n + 1 < len(marks) else len(text)
        option = text[i + 1 : end].strip(SPACE + "，,；;。")
        if text[i] in ps.checked:
            chosen.append(option)
    value = "；".join(chosen) if chosen else None
    return _Hit(marks[0], len(text.rstrip()), "checkbox", value, "filled" if chosen else "empty")


def _line_hits(line: Line, ps: PatternSet) -> list[_Hit]:
    text = line.text
    hits: list[_Hit] = []
    starts: list[int] = []  # the taken spans, disjoint and sorted: a bisect finds an overlap
    ends: list[int] = []

    def add(h: _Hit) -> None:
        i = bisect.bisect_left(starts, h.end)
        if i and ends[i - 1] > h.start:  # spans are disjoint, so ends rise with starts
            return
        hits.append(h)
        starts.insert(i, h.start)
        ends.insert(i, h.end)

    # each form is looked for only where its telltale character is (most lines have none)
    has = {ch for ch in "{$【年_（([：:" if ch in text}
    if has & {"{", "$", "【"}:
        for m in ps.placeholder.finditer(text):
            add(_Hit(m.start(), m.end(), "placeholder", None, "empty"))
    for m in _RE_DATE.finditer(text) if "年" in has else ():
        parts = (m.group("y"), m.group("m"), m.group("d"))
        if all(parts):
            continue  # a written date, not a blank
        value = None
        if any(parts):
            value = "".join(f"{p}{u}" for p, u in zip(parts, "年月日", strict=True) if p)
        add(_Hit(m.start(), m.end(), "date", value, "empty"))
    for m in (
        _RE_BARE_DATE.finditer(text) if "年" in has else ()
    ):  # 日期：年月日 — a skeleton whose spaces a PDF or OCR lost
        add(_Hit(m.start(), m.end(), "date", None, "empty"))
    for m in _RE_UNDERSCORE.finditer(text) if "_" in has else ():
        val = m.group("val")
        if val is not None and (not val.strip() or squash(val) in ps.field_keys):
            continue
        if val is not None:
            v = val.strip()
            add(_Hit(m.start(), m.end(), "underscore", v, "na" if ps.na.match(v) else "filled"))
        else:
            add(_Hit(m.start(), m.end(), "underscore", None, "empty"))
    for m in _RE_BRACKET.finditer(text) if has & {"（", "(", "【", "["} else ():
        val = m.group("val")
        status = "empty" if val is None else ("na" if ps.na.match(val) else "filled")
        add(_Hit(m.start(), m.end(), "bracket", val, status))
    cb = _checkbox_hit(text, ps)
    if cb is not None:
        add(cb)
    for a, b in line.underlines:
        seg = text[a:b]
        colon = max(seg.rfind("："), seg.rfind(":"))
        if colon >= 0:  # the label was underlined with its value (签订地点：北京): the value is after it
            a += colon + 1
            seg = text[a:b]
        core = seg.strip(SPACE + "_")
        if not core:
            add(_Hit(a, b, "underline", None, "empty"))
        elif len(core) <= 40:
            lead = len(seg) - len(seg.lstrip(SPACE + "_"))
            add(
                _Hit(
                    a + lead, a + lead + len(core), "underline", core, "na" if ps.na.match(core) else "filled"
                )
            )
    for h in _space_hits(text):
        add(h)
    for h in _field_hits(text, ps) if has & {"：", ":"} else ():
        add(h)
    hits.sort(key=lambda h: h.start)
    return hits


def _field_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """Values written after a short label (签订地点：杭州市): the filled form of a blank.

    Only form-like lines count: a short label at the start of the line (after any item number) or after
    a column gap, and a short value that is not a sentence.
    """
    out = []
    for m in _RE_FIELD.finditer(text):
        label = m.group("label")
        if match_heading(label, ps) is not None or ps.appendix.match(label):
            continue  # a heading's or an appendix's title, not a value
        value = m.group("value").strip(SPACE + "_").rstrip("；;，,")
        note = ALIAS_NOTE.search(value)
        if note is not None and note.start() > 0:  # XX公司（以下简称“甲方”）
            value = value[: note.start()].rstrip(SPACE)
        if (
            not value
            or _SIGN_LABEL.search(label)
            or (_SIGN_LABEL.search(value) and len(value) <= 8)
            or value.endswith("。")
            or len(value) > FIELD_VALUE_MAX
        ):
            continue  # nothing written, a place to sign (its value is the signer), or a sentence
        a = m.start("value") + (len(m.group("value")) - len(m.group("value").lstrip(SPACE + "_")))
        out.append(_Hit(a, a + len(value), "field", value, "na" if ps.na.match(value) else "filled"))
    return out


UNIT_WINDOW = 12


def _unit(after: str, ps: PatternSet) -> str | None:
    a = after.lstrip(SPACE)
    if len(after) - len(a) > 2:
        return None  # a column gap, not the space before a unit
    for u in ps.units:
        if a.startswith(u):
            return u
    return None


def _topic(text: str, start: int, end: int, ps: PatternSet, *, prefer_phrase: bool = False) -> str | None:
    """The topic a blank belongs to, from the keywords of its sentence.

    ``违约金为……的____%``: a keyword that is the subject (followed by 为/是/按) names the blank;
    ``____%作为预付款``: so does one introduced by 作为 right after it; otherwise the nearest keyword,
    one after the blank counting a little farther, and ``总价款的____`` (the base of a ratio) not at all.
    With ``prefer_phrase`` (a short noun phrase stands right before the blank: ``门禁卡（  ）张``) a
    keyword beyond a comma does not count.
    """
    s0 = max((text.rfind(c, 0, start) for c in _SENTENCE_STOP), default=-1) + 1
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_STOP) if i >= 0]
    s1 = min(ends) if ends else len(text)
    before, after = text[s0:start], text[end:s1]
    best: tuple[int, int, str] | None = None
    for topic in ps.topics:
        for kw in topic.keywords:
            i = before.rfind(kw)
            if i >= 0:
                k = i + len(kw)
                tail = before[k:]
                if tail[:1] in ("为", "是", "按", "：", ":"):
                    cand = (0, len(tail), topic.label)
                elif tail == "的" or "：" in tail or ":" in tail:
                    cand = None  # the base of a ratio, or a keyword that a list's colon moved away from
                elif prefer_phrase and any(c in tail for c in "，,；;"):
                    cand = None
                else:
                    cand = (2, len(tail), topic.label)
                if cand is not None and (best is None or cand < best):
                    best = cand
            j = after.find(kw)
            if j >= 0:
                lead = after[:j].lstrip(SPACE)
                rank = 1 if lead.endswith(("作为", "用作", "作")) else 2
                if rank == 2 and prefer_phrase and any(c in lead for c in "，,；;"):
                    continue
                cand = (rank, j + 3, topic.label)
                if best is None or cand < best:
                    best = cand
    return best[2] if best else None


def _local_phrase(text: str, start: int, ps: PatternSet) -> str:
    """The words just before the blank, back to the previous clause break or blank."""
    s0 = max((text.rfind(c, 0, start) for c in _CLAUSE_STOP + "_"), default=-1) + 1
    gap = max(text.rfind("  ", 0, start), text.rfind("\u3000", 0, start))
    if gap >= s0 and gap < start - 2:
        s0 = gap + 1
    phrase = squash(text[s0:start])
    hm = match_heading(phrase, ps)
    if hm is not None:
        phrase = hm.rest
    for filler in _LEADING_FILLER:
        if phrase.startswith(filler) and len(phrase) > len(filler) + 1:
            phrase = phrase[len(filler) :]
    while phrase and phrase[-1] in _STOP_SUFFIX:
        phrase = phrase[:-1]
    for stop in _STOP_PHRASES:
        if phrase.endswith(stop):
            phrase = phrase[: -len(stop)]
            break
    return phrase


def _label(text: str, start: int, end: int, ps: PatternSet) -> str | None:
    m = _LABEL_BEFORE.search(_RE_BRACKETED.sub("", text[:start]))
    if m and sum(1 for ch in m.group("label") if _is_cjk(ch)) >= 2:
        return squash(m.group("label"))
    phrase = _local_phrase(text, start, ps)
    topic = _topic(text, start, end, ps, prefer_phrase=2 <= len(phrase) <= 6)
    if topic:
        return topic
    if len(phrase) >= 2:
        return phrase[-12:]
    if not text[end:].strip(SPACE + "。；;，,"):
        return None  # the blank is the whole line: the heading it stands under names it
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_STOP) if i >= 0]
    after = squash(text[end : min(ends) if ends else len(text)]).strip("_")
    return after[:12] if len(after) >= 2 else None


#: how far around a blank its label is looked for: a label is in its own clause, and a bound keeps a long
#: line (a PDF or a web page flattened to one line) linear
LABEL_WINDOW = 100


def _label_near(text: str, start: int, end: int, ps: PatternSet) -> str | None:
    w0 = max(0, start - LABEL_WINDOW)
    return _label(text[w0 : end + LABEL_WINDOW], start - w0, end - w0, ps)


def _title_label(chain: tuple[Node, ...]) -> str | None:
    """The nearest heading title that says something, for a blank with no words around it."""
    for node in reversed(chain):
        title = squash(node.title).strip("_。；;，,")
        if len(title) >= 2 and node.kind not in ("preamble", "signature", "cover"):
            return title[:20]
    return None


def extract_blanks(
    lines: list[Line],
    locator: Locator,
    parties: list[Party],
    ps: PatternSet,
    *,
    office_use: int | None = None,
) -> list[Blank]:
    """Every blank, line by line. From ``office_use`` on (以下由登记机构填写) the blanks are an authority's
    to fill, not the parties': an empty one there is ``na``."""
    field_at: dict[int, list[tuple[tuple[int, int], str, str, str]]] = {}
    for p in parties:
        for f in p.fields:
            field_at.setdefault(f.line, []).append((f.span, f.label, p.role, f.key))
    blanks: list[Blank] = []
    for line in lines:
        if not line.text.strip():
            continue
        chain_place = None
        for h in _line_hits(line, ps):
            text = line.text
            before = text[max(0, h.start - CONTEXT) : h.start].strip()
            after = text[h.end : h.end + CONTEXT].strip()
            unit = None if h.kind == "field" else _unit(text[h.end : h.end + UNIT_WINDOW], ps)
            label, party, key = None, None, None
            for (fa, fb), flabel, role, fkey in field_at.get(line.no, ()):
                if fa <= h.start < max(fb, fa + 1) or h.start <= fa < h.end:
                    label, party, key = flabel, role, fkey
                    break
            if label is None:
                label = "占位符" if h.kind == "placeholder" else _label_near(text, h.start, h.end, ps)
            if label is None:
                label = _title_label(locator.chain(line.no))
            if chain_place is None:
                chain_place = (locator.clause(line.no), locator.place(line.no))
            status = h.status
            if status == "empty" and office_use is not None and line.no >= office_use:
                status = "na"
            normalized = normalize(h.value, unit, key) if status == "filled" else None
            blanks.append(
                Blank(
                    clause=chain_place[0],
                    place=party or chain_place[1],
                    line=line.no,
                    span=(h.start, h.end),
                    kind=h.kind,
                    before=before,
                    after=after,
                    label=label,
                    unit=unit,
                    status=status,
                    value=h.value,
                    normalized=normalized,
                    party=party,
                )
            )
    return blanks
