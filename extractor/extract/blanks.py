"""Blanks: the places a contract leaves for a value, found on each line, with what the context says.

Forms (first match wins where they overlap):
  placeholder  ``{{ name }}`` left unrendered by a template engine
  date         ``年  月  日`` with a part unfilled (``____年__3__月__5__日`` too)
  underscore   ``____`` (2+), or ``__12__`` filled in place (a short value, not template text)
  bracket      ``（    ）`` ``【 】`` ``[  ]`` holding only spaces; beside a ticked ``（√）`` an unchosen option
  checkbox     a line of ``□`` options; filled when one is ticked (consecutive option lines are one question)
  underline    an underlined span in .docx/PDF: only spaces is empty, text is a filled value
  spaces       a run of spaces or ideographic spaces where a value belongs (``租金为　　　　元``)
  field        ``label：value`` on a form-like line; an empty ``label：`` closing its line is an empty blank
A blank filled with ``/`` or ``无``/``不适用`` is deliberately not applicable (status ``na``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..locate import Locator
from ..model import FILLED_TEMPLATE_MAX, Blank, Line, Node, Party
from ..normalise import TAB
from ..numerals import cn_to_int
from ..pattern_set import PatternSet, compile_pattern
from ..segment import HeadingMatch, is_appendix_line, is_title, match_heading, squash
from .parties import (
    ALIAS_NOTE,
    ALIAS_ORDINAL,
    RE_ALIAS_INSIDE,
    field_key,
    label_run,
    no_code,
    spaced_fields,
    without_glued_date,
)
from .values import normalize

CONTEXT = 16
TAB_WIDTH = len(TAB)
SPACE = " \u3000"
_RE_UNDERSCORES = compile_pattern(r"_+")
#: the longest value written between two underscore runs (``__12__``); longer text is the template's
UNDERSCORE_VALUE_MAX = 60
#: text between two underscore runs that is the template's, not a value: punctuation (``____元，…为____``)
#: or a lone connective or date part (``____或____``, ``____年____``)
_VALUE_BREAK = "，,。；;、：:！？!?"
_CONNECTIVES = frozenset("或和及与至到年月日")
#: brackets and table bars between two runs are the template's: ____（币种）____ / | ____ | 品管部 | ____ |
_TEMPLATE_MARKS = "（）()【】[]|｜"
#: words that lead up to the next blank (____日前支付租金给____ / 分____期 / 向____支付)
_LEADS_TO_BLANK = tuple("向于为按在给至的前共计第分每是由")
# a year, month or day is a number (on an underline too: __3__月) or a run of filler; a run of filler is
# entered only at its start (the look-behinds), so a long run costs one pass, not one per position
_RE_DATE = compile_pattern(
    r"(?:(?<![_\d])_*(?P<y>\d{2,4})[ \u3000_]*|(?<![ \u3000_A-Za-zＸｘ×*＊])(?P<ye>(?:[XxＸｘ×]{1,4}(?=[ \u3000_]))?[ \u3000_]*))年"
    r"(?:[ \u3000_]*(?P<m>\d{1,2})[ \u3000_]*|(?P<me>[ \u3000_]+))月"
    r"(?:[ \u3000_]*(?P<d>\d{1,2})[ \u3000_]*|(?P<de>[ \u3000_]*))[日号]"
)  # (a written month, then 日 with no gap: 2015年3月日, the day's gap lost; the day may be a 号)
#: how long a run of underscores before 年, after a label's colon, is a place to sign and the date's year
SIGN_AND_DATE_MIN = 12
#: how much of such a run is left to the year
DATE_YEAR_ROOM = 4
#: the words 年 closes that are no year (每年, 今年, 次年): the date after them is written whole
_YEAR_WORDS = "每今明去当次上下全本同该前后"
#: a century a form prints before the gap for the rest of the year (20____年)
_CENTURIES = ("19", "20")
#: a date skeleton whose spaces a PDF, OCR or a web copy lost: after a label (日期：年月日), alone on its line
#: or opening it (…至 / 年月日。), after 从 or the word 时间 or 日期 (从年月日起…, 吊车时间年月日—年),
#: or after the century a form printed (聘期自200年月日至, 201 年月日)
_RE_BARE_DATE = compile_pattern(
    r"(?:(?:(?<=[：:从])|(?<=自 )|(?<=时间)|(?<=日期))[ \u3000]*|^[ \u3000]*|(?<!\d)(?:19|20)\d?[ \u3000]*)年月日"
    r"(?:(?=[至起止])|(?!\p{Han}))"
    r"|(?<=[：:])[ \u3000]*年日(?!\p{Han})"  # 开工日期:年日 — the month's gap and its 月 lost as well
)
#: a date a form asks for without its year (于 月 日起) or without its day (在____年____月前)
_RE_PART_DATE = compile_pattern(
    r"(?<=[于在自至从到起])[ \u3000_]+月[ \u3000_]+[日号]"
    r"|(?<=[于在自至从到])[ \u3000_]+年[ \u3000_]+月(?=前|底|止|内|份|起|[，,。；;])"
)
#: a row of dates whose gaps were all lost, one a signer (年月日年月日)
_RE_DATE_ROW = compile_pattern(r"[ \u3000]*(?:年[ \u3000]*月[ \u3000]*日[ \u3000]*){2,4}")
_RE_BARE_DAY = compile_pattern(r"年[ \u3000]*月[ \u3000]*日")
#: quotes or title marks with nothing inside (the name to write between them)
_RE_EMPTY_QUOTES = compile_pattern(r"“[ \u3000]*”|《[ \u3000]*》")
_RE_YEAR_ONLY_DATE = compile_pattern(
    r"(?<![\d-])(?P<y>(?:19|20)\d\d)[ \u3000]*年月(?:日(?:(?=[至起止])|(?!\p{Han}))|(?=[至起止，,。；;]))"
)  # (2017 年月至 2018 年月: the months left out of a term, the days not asked for)
_RE_BRACKET = compile_pattern(
    r"[（(【\[][ \u3000]+(?:(?P<val>[^（）()【】\[\]\s]{1,20})[ \u3000]+)?[）)】\]]|【】|\[\]"
    # 〔 十五 〕年, 〔153〕天: a bracket made to be written in, whatever its spaces (not a document
    # number's year, 湘政发〔2023〕12号, 杭房经备字〔2021〕第0318号)
    r"|〔(?![ \u3000]*(?:19|20)[0-9]{2}[ \u3000]*〕)[ \u3000]*(?:(?P<val>[^〔〕\s]{1,20})[ \u3000]*)?〕"
)  # 【】 with nothing inside: the placeholder of law-firm templates (于【】日内支付), and [] (201811[]日)
#: two or more alternatives in 【】 side by side (【月】【季】【半年】【年】【  】): a choice
_RE_BRACKET_CHOICE = compile_pattern(
    r"【(?![ \u3000]*】)[^【】]{1,24}】(?:[ \u3000]{0,2}【[^【】]{1,24}】)+"
)  # (an option may hold its own gap, 【于   日内告知出租人】, but the first is no empty write-in)
_RE_OPTION = compile_pattern(r"【([^【】]*)】")
#: a bracket holding only a tick: 押金（√）不押金（ ） — the empty brackets beside it are options not chosen
_RE_TICK_BRACKET = compile_pattern(
    r"[（(【\[][ \u3000]*(?:[Xx×]|[√✓✔☑■☒][^（）()【】\[\]\n]{0,12}?)[ \u3000]*[）)】\]]"
)  # also a tick before the option's words: 【√住宅】【办公】【  】
#: a bracketed instruction such as （在□内打√） holds marks that are not options
_RE_BRACKETED = compile_pattern(r"[（(][^（）()]{0,20}[）)]")
_RE_SPACES = compile_pattern(r"[ \u3000]+")
FIELD_VALUE_MAX = 40
#: the words just before a place to sign or seal: 甲方（盖章）： / 授权代表（签字或盖章）： / 签名
#: a completed date just before a wide gap: the gap separates two columns (甲方日期 … 乙方日期)
_DATE_BEFORE = compile_pattern(
    r"(?:\d{2,4}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日|\d{4}[-./]\d{1,2}[-./]\d{1,2})$"
)
# a label at the start of the line or after a column gap (2+ spaces, or a tab); its value runs to the
# next column's label or the end of the line
_RE_FIELD = compile_pattern(
    r"(?:^[ \u3000]*|(?<=[ \u3000]{2})(?![ \u3000])|(?<=\t)(?![ \u3000\t])|(?P<run>(?<=[，,；;])))"
    r"(?:(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、．.]|[（(]?(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)]"
    r"|第[一二三四五六七八九十百零〇0-9]{1,5}条|(?P<dotted>[0-9]{1,2}(?:[.．][0-9]{1,2}){1,2}(?:、|(?=[ \u3000\p{Han}]))))\s*)?"
    # a label, or one in 【】 as model contracts write options (【法定代表人】（签字或盖章）：)
    r"(?P<label>(?:[A-Za-z]{1,5}(?=\p{Han}))?\p{Han}[\p{Han}（）()/]{1,11}(?![\p{Han}（）()/])"
    # (a place to sign with a long note in brackets: 甲方(经济社法人代表签章):)
    r"|\p{Han}{1,6}[（(]\p{Han}{0,10}(?:签章|盖章|签字|签名)[）)]|\p{Han}(?:[ \u3000]{1,4}\p{Han}){1,4}(?=[ \u3000]*[：:])"
    r"|【\p{Han}{1,8}】[\p{Han}（）()/]{0,10})[ \u3000]*[：:](?P<value>[^：:]*?)"
    r"(?=(?<![ \u3000\t])(?:[ \u3000]{2,}|\t[ \u3000\t]*)(?:\p{Han}[\p{Han}（）()/]{0,11}|【\p{Han}{1,8}】"
    r"[\p{Han}（）()/]{0,10}|\p{Han}(?:[ \u3000]{1,4}\p{Han}){1,4}[ \u3000]*)[：:]|$"
    # (or a semicolon, then the next label: 工程名称: 某工程 ;地 点: …)
    r"|[ \u3000]*[；;][ \u3000]*(?:\p{Han}[\p{Han}（）()/]{0,11}|\p{Han}(?:[ \u3000]{1,4}\p{Han}){1,4}[ \u3000]*)[：:])"
)
#: a line opening with a date, written, empty or a placeholder's (2024年, 年, ****年, 2024-03-05)
_RE_DATE_LEAD = compile_pattern(r"(?:[0-9０-９*＊XxＸｘ×_ \u3000]{0,6}年|[0-9]{4}[-./][0-9])")
#: a payment whose sum is missing, the line ending at its payee (甲方付给乙方): what the sum's gap left
_RE_PAY_AT_END = compile_pattern(r"(?:支付|付给|付)(?:甲方|乙方|丙方)(?=[ \u3000]*$)")
#: a label and its colon, opening the line or right after another's colon, with the next label and its colon
#: right after it (工程名称:工程地点:本合同内容:)
_RE_LABEL_CHAIN = compile_pattern(
    r"(?:^[ \u3000]*|(?<=[：:]))(?P<label>\p{Han}[\p{Han}（）()]{1,9})[：:]"
    r"(?=\p{Han}{2,10}[：:])"
)
#: a person's label after a sentence's end, closing the line with nothing after it (。验收人:)
_RE_SIGNER_AT_END = compile_pattern(
    r"(?<=[。；;])[ \u3000]*\p{Han}{1,6}人[ \u3000]*[：:](?P<gap>[ \u3000]*)$"
)
#: a date skeleton a copy broke over lines (关集镇中心小学 年 / 月 / 日): the 年 closing a line, and the
#: next lines only 月 and 日
_RE_YEAR_AT_END = compile_pattern(r"(?:^|[ \u3000])年[ \u3000]*$")
_RE_MONTH_LINE = compile_pattern(r"[ \u3000]*月(?P<day>[ \u3000]*日)?[ \u3000]*")
_RE_DAY_LINE = compile_pattern(r"[ \u3000]*日[ \u3000]*")
#: a list of short items written after a label (检测项目:粗蛋白、粗纤维、中性洗涤纤维,酸性洗涤纤维、总钙…),
#: longer than a value but no sentence
_RE_LIST_VALUE = compile_pattern(r"[^，,、。；;：:\s]{1,12}(?:[、，,][^，,、。；;：:\s]{1,12}){3,15}")
#: a figure right after a label's colon (……单价为: 1480 元/孔): read as a value when a unit follows it
_RE_COLON_FIGURE = compile_pattern(
    r"(?<=\p{Han}|[）)])[：:][ \u3000]*(?P<num>[0-9][0-9,，]*(?:\.[0-9]+)?)(?![0-9.．:：/\-年月日])"
)
#: units of a date or a time, which a date's own forms read
_DATE_UNITS = "年月日时分秒点号"
#: the party-field keys whose values are strings of digits, kept as written (read from a blank's label)
_DIGIT_KEYS = frozenset({"account", "phone", "fax", "credit_code"})
#: a document's name in title marks, an annex's perhaps (附件《民事诉讼风险告知书》)
_RE_DOCUMENT_NAME = compile_pattern(r"(?:附件[0-9一二三四五六七八九十]{0,2}[：:]?)?《[^《》]{1,40}》")
#: a page number between dashes (—1—, - 2 -): where a page's footer runs into the text of a one-line copy
_RE_PAGE_MARK = compile_pattern(
    r"(?<![0-9—–-])(?:[—–][ \u3000]*[0-9]{1,3}[ \u3000]*[—–]|- [0-9]{1,3} -)(?![0-9—–-])"
)  # (not a date's or a range's dashes: 2023-07-01 —— 2023-09-28)
#: where such a footer starts: a space, then a figure (2014 年 2 月版)
_RE_FOOTER_START = compile_pattern(r"[ \u3000]+(?=[0-9])")
#: a clause's sentence after its topic and a colon (结算价款:以供应单价乘以实际到场工程量为最终结算价款,
#: 提成支付周期:自甲方收到……5个工作日内付清): a preposition opens it, which a written value does not
#: (按月支付 is short; 自2024年1月1日起 is a term's dates)
_RE_CLAUSE_VALUE = compile_pattern(
    r"(?:以|按照|凡是?|与|经|如|若|根据|依据|具体|至|对于|从|自(?![^，,。；;]*\d{4}))\p{Han}[^：:]{6,}"
)
#: a sentence about what a party does, after a topic and its colon (乙方承诺…, 甲方应…): no value
_RE_PARTY_SENTENCE = compile_pattern(
    r"(?:[甲乙丙丁]方|双方)(?:承诺|应当?|须|必须|同意|负责|保证|将|有权|可以|不得|经营|每月|每年|按)"
)
#: an amount in words after 大写 and its colon (服务费大写:叁仟伍佰元整)
_RE_WORDS_AMOUNT = compile_pattern(
    r"大写[）)]?[ \u3000]*[：:][ \u3000]*(?:人民币)?(?P<value>[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+(?:元|圆)"
    r"(?:[零壹贰叁肆伍陆柒捌玖]角)?(?:[零壹贰叁肆伍陆柒捌玖]分)?[整正]?)"
)
#: how long a value with a second clause inside must be to be taken for a sentence
CLAUSES_MIN = 24
#: a second clause that opens with a party or a connective (…,乙方为甲方 / …,如逾期): a sentence goes on
_RE_PARTY_CLAUSE = compile_pattern(r"[，,；;][ \u3000]*(?:[甲乙丙丁]方|双方|如|若|但|并|则|否则)")
#: the longest figure a field's value may open with before a comma and a sentence about it (24个月,自…)
FIGURE_HEAD_MAX = 12
#: a row of the signers' titles and instructions, no name (代表(签名、盖章)代表(签名、盖章))
_RE_SIGNERS_ROW = compile_pattern(r"(?:\p{Han}{0,8}[（(][\p{Han}、/或及和]{2,12}[）)][：:]?[ \u3000]*){1,4}")
#: empty brackets with no space inside, where a value goes: after 有/按/为/包括/共/计 or before a unit
_RE_TIGHT_BRACKET = compile_pattern(
    r"(?<=[有按为括共计约])[（(][）)]|[（(][）)](?=[天日月年倍元个人次份台件项%％])"
    r"|[（(][）)](?=\p{Han}{1,6}字第)"  # the year of a document's number: ()长张法见字第号
)
#: what a line holds for a collapsed gap to be looked for in it (most lines hold none): the words the
#: collapsed patterns of patterns/blanks.toml meet at
_COLLAPSED_CUES = (
    "第", "个", "年月日", "每月日", "元", " ", "\u3000", "在的", "数量", "平方米", "㎡", "日内", "天内",
    ":,", "：，", ":，", "：,", "占%", "占％", "为年", "址为", "所为", "号为", "话为", "度米", "起,", "至,", "至 ",
    "至南", "至西", "至北", "宽米", "长米", "计亩", "积亩", "约亩", "写:元", "写：元",
)  # fmt: skip
#: a letter-spaced label opening a line with no colon (合 同 编 号 / 签 订 地 点 山东省济宁市): a cover's field
_RE_SPACED_LEAD = compile_pattern(r"[ \u3000]*(?P<label>\p{Han}(?: \p{Han}){2,6})")
#: two options or more, each numbered ①② and followed by its bracket to tick (①月嫂服务()②育儿嫂服务())
_RE_NUMBERED_OPTIONS = compile_pattern(
    r"(?:[①②③④⑤⑥⑦⑧⑨⑩][^①②③④⑤⑥⑦⑧⑨⑩（）()]{1,16}[（(][ \u3000]*[）)][，,、；;。 \u3000]*){2,}"
)
#: what a total's label ends with, a field even inside a sentence (…,检测费合计:1000元/样)
_TOTAL_WORDS = ("合计", "总计", "共计", "总价", "总额", "合同金额", "合同价款")
_RE_NEXT_LABEL = compile_pattern(r"[\p{Han}A-Za-z（）()/]{1,16}[：:]")
#: a letter-spaced label (地　　址：, 住 所 地：) opening the next column
_RE_SPACED_LABEL = compile_pattern(r"\p{Han}(?:[ \u3000]{1,4}\p{Han}){1,3}[ \u3000]*[：:]")
#: a label's remaining characters: 日期： after a blank starts with 日 but 日 is not its unit
_RE_SENTENCE_PUNCT = re.compile(r"[，,；;。：:]")
_NOTE = re.compile(r"[（(][^（）()]{1,30}[）)]")
#: a definition's opening (生效订单:指经双方书面确认…, 武汉公司:在本补充协议中均指…, 中国证监会:系本协议中
#: 对…的简称), not 指定地点
_RE_DEFINITION = compile_pattern(
    r"(?:在本[^，,。：:]{0,8}?中)?(?:均|是|系)?指(?![定标南导令纹引挥出])|系[^，,。：:]{0,40}简称"
)
#: the alias note alone, unbracketed, where the name was left out (招聘方:简称甲方)
_RE_BARE_ALIAS = compile_pattern(rf"{ALIAS_ORDINAL}[。.]?")
_RE_WORD = compile_pattern(r"[\p{Han}0-9A-Za-z]")
#: a value opening with a year (2016年12月): a date as written, not a figure and its unit
_RE_YEAR_LEAD = re.compile(r"(?:19|20)[0-9]{2}年")
_RE_AMOUNT_UNIT = re.compile(r"(?:[¥￥][ \u3000]*)?(?P<num>[0-9*][0-9*,，.]*)[ \u3000]*(?P<unit>\S{1,4})")
_RE_GLUED_HEADING = compile_pattern(r"\d[.．、]\p{Han}{2,}$")
#: what a scraped page left of a line break: ?? (the characters it could not encode)
_RE_LOST_BREAK = re.compile(r"(?<![ \u3000])[ \u3000]*(?:[?？]{2,}|\ufffd+)")
_RE_CELL_BORDER = re.compile(r"(?<![ \u3000])[ \u3000]*[|｜│┃]")
_RE_FIGURE = re.compile(r"[0-9][0-9,，.]*")
_RE_LABEL_REST = compile_pattern(r"\p{Han}{1,12}[：:]")
#: a comma or a semicolon that ends a clause (not the thousands comma of 1,000)
_RE_CLAUSE_COMMA = compile_pattern(r"[，；;]|,(?!\d)")
#: a ``/`` with spaces around it is one struck-out blank (地下车位：　　/　　。); entered only at the start
#: of a run or at the slash
_RE_STRUCK = compile_pattern(r"(?<![/／ \u3000])[ \u3000]*[/／]+[ \u3000]*(?![/／])")
#: the column gap of a table row laid out with spaces (陈志远　　　　450　　　　45%)
_RE_CELL_GAP = compile_pattern(r"[ \u3000]{2,}")
TABLE_CELL_MAX = 30
#: the longest underlined run taken for a value on its own; after a label's colon an answer may be a
#: sentence or two (验收标准： 报告通过……的技术审查。)
UNDERLINE_VALUE_MAX = 40
UNDERLINE_ANSWER_MAX = 200
_RE_TABLE_PUNCT = compile_pattern(r"[，。；;：:！？]|,(?!\d)")
#: lines of a table drawn with box characters
BOX = "│┃|"
_RE_ITEM_LEAD = compile_pattern(r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、．.]")
#: what may stand before the first box of an option line: nothing, or an item number
_RE_OPTION_LEAD = compile_pattern(
    r"[ \u3000]*(?:[（(]?(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[）)、．.]|[①-⑳]|[A-Za-z][.、．)）])?[ \u3000]*"
)
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
    #: where the blank's room ends when it is longer than what was written in it (an underline)
    reach: int | None = None
    #: the figures of an amount written twice (贰拾万元整（¥200,000.00）): money, though no unit follows them
    money: bool = False
    #: what the words around it call it, when the hit knows better than the words just before it
    label: str | None = None
    #: the party whose value it is, when the line says so (项目负责人:甲方:吕伟,乙方:蒋建辉)
    party: str | None = None


def _width(run: str) -> int:
    return sum(2 if ch == "\u3000" else 1 for ch in run)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


#: the longest line of spaced-out single characters (6 characters and their gaps)
SPACED_LINE_MAX = 60


def _letter_spacing(text: str, start: int, end: int) -> bool:
    """住  所  地： / 电    话： — spaces inside a short label, not a blank."""
    if start == 0 or end >= len(text) or not (_is_cjk(text[start - 1]) and _is_cjk(text[end])):
        return False
    before = start - 1
    # the first character stands alone: at the line's start, after a space or after an item's number
    left_alone = (
        before == 0 or text[before - 1] in SPACE or _RE_OPTION_LEAD.fullmatch(text, 0, before) is not None
    )
    tail = text[end : end + 8]
    colon = min((i for i in (tail.find("："), tail.find(":")) if i >= 0), default=-1)
    label_tail = colon >= 0 and all(_is_cjk(c) or c in SPACE + "（）()" for c in tail[:colon])
    if left_alone and (label_tail or (end + 1 < len(text) and text[end + 1] in SPACE + "：:")):
        return True
    # the last gap of a run of spaced-out characters that a word follows (广    州    市劳动合同): the
    # character before this gap stands alone between gaps, and so does the one before it
    if left_alone and before >= 2:
        gap = before - 1
        while gap >= 0 and text[gap] in SPACE:
            gap -= 1
        if gap >= 0 and gap < before - 1 and _is_cjk(text[gap]) and (gap == 0 or text[gap - 1] in SPACE):
            return True
    return _spaced_out(text)


def _spaced_out(text: str) -> bool:
    """A whole line of single characters spaced out: a table header or a signing title (项    目,
    债  权  人, 广    州    市); such a line is short, so a long one is not split at every gap (that would
    cost its length squared)."""
    if len(text) > SPACED_LINE_MAX:
        return False
    chars = text.split()
    return 2 <= len(chars) <= 6 and all(len(c) == 1 and _is_cjk(c) for c in chars)


def _word_at(text: str, i: int, words: tuple[str, ...], ps: PatternSet) -> str | None:
    """The first of ``words`` (longest first) that starts at ``i``; a one-character word listed in
    ``units_word_start`` counts only when no Chinese character follows it (向　　人民法院 is no 人)."""
    for w in words:
        if text.startswith(w, i):
            if w in ps.units_word_start and i + 1 < len(text) and _is_cjk(text[i + 1]):
                continue
            return w
    return None


def _unit_at(text: str, i: int, ps: PatternSet) -> str | None:
    u = _word_at(text, i, ps.units, ps)
    if u is not None and _RE_LABEL_REST.match(text, i + len(u)):
        return None  # 日期：, 期限： — the next column's label, not a unit
    return u


def _filled_field_before(text: str, a: int) -> bool:
    """``甲方：甲公司   ``: a value was written after the line's last colon before ``a``, and it does not
    end in a word that leads up to a value (违约金：按总额的　　　)."""
    colon = max(text.rfind("：", 0, a), text.rfind(":", 0, a))
    value = text[colon + 1 : a].strip(SPACE) if colon >= 0 else ""
    return bool(value) and value[-1] not in _STOP_SUFFIX


def _ordinary_after_colon(text: str, b: int, ps: PatternSet) -> bool:
    """Whether the words at ``b``, right after ``label：　　``, are a value written there (甲方：　　杭州某公司):
    not a unit or a word a value comes before (元, 人民法院), not the next column's label, not
    punctuation, a bracket or a sign instruction."""
    if not text[b].isalnum():
        return False
    if _unit_at(text, b, ps) is not None or _word_at(text, b, ps.blank_before, ps) is not None:
        return False
    return not (
        _RE_NEXT_LABEL.match(text, b) or _RE_SPACED_LABEL.match(text, b) or ps.sign_after.match(text, b)
    )


def _struck_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """``　　/　　``: a blank struck out with a slash, one ``na`` blank with the spaces around it."""
    out = []
    for m in _RE_STRUCK.finditer(text):
        a, b = m.span()
        run = m.group(0)
        if _width(run.replace("/", "").replace("／", "")) < 3:
            continue
        nxt = text[b : b + 1]
        if nxt and nxt.isalnum() and _unit_at(text, b, ps) is None:
            continue  # 甲方　/　乙方: a choice written out, not a struck blank
        out.append(_Hit(a, b, "spaces", "/", "na"))
    return out


def _heading_or_title(text: str, ps: PatternSet) -> bool:
    """A heading with a short title (第一条　咨询项目), an appendix's (附件), or a contract title: the end of
    such a line is no blank."""
    hm = match_heading(text, ps)
    if hm is not None:
        return len(squash(hm.rest)) <= 20 and not hm.rest.rstrip().endswith(("：", ":", "为", "的"))
    return is_title(text, ps) or is_appendix_line(text, ps)


#: names of organisations side by side, a column each (杭州某公司　　　　宁波某公司)
_NAME_END = r"(?:公司|局|院|中心|所|行|会|处|校|厂|店|站|社|委|办|府|团)"
_RE_NAME_COLUMNS = compile_pattern(
    rf"[^\s：:]{{2,40}}{_NAME_END}(?:[ \u3000]{{2,}}[^\s：:]{{2,40}}{_NAME_END})+"
)
#: how far into a line a heading's number can reach (第一百二十三条, 1.2.3.4)
HEADING_NUMBER_MAX = 12


#: the words a form puts after a place name's gap (于2022年 月 日在  签订)
_SIGNING_VERBS = ("签订", "签署", "订立", "签约")


def _narrow_gap(text: str, a: int, b: int, ps: PatternSet) -> bool:
    """Whether one or two spaces inside a sentence are a blank a web copy narrowed: after a word (not a
    numeral) and before a unit (合同签订 只, 不能低于 公斤, 按 %提成), before a comma or a full stop after the
    words that ask for a value (比例为 。), before a bracketed word that names it (在 (地点)) or a form of
    address (被护理者 先生/女士), or between 在 and 签订 (the place of signing); never in a letter-spaced
    stretch, nor before a unit among figures standing alone (保安服务 年/人 1 60: a table's row)."""
    if a == 0 or b >= len(text):
        return False
    prev, nxt = text[a - 1], text[b]
    if prev in "，,（(" and (unit := _unit_at(text, b, ps)) is not None and len(unit) >= 2:
        return True  # 房屋共 间, 平方米 / 油罐 立方( 立方两个: a measure's figure left out after a comma
    if prev in "共计约" and nxt in ps.units_word_start and not text.startswith("个人", b):
        return True  # 共 个油罐: a count asked for, its measure word after the gap
    if not _is_cjk(prev) or cn_to_int(prev) is not None:
        return False
    if _RE_LETTER_SPACED_RUN.search(text, max(0, a - 6), b + 6) is not None:
        return False
    if prev == "在" and text.startswith(_SIGNING_VERBS, b):
        return True
    if prev in _ASKS and nxt in "。，,；;":
        return True  # 比例为 。 / 至 ,: what was to be written before the sentence goes on
    if prev in "自从" and nxt in "至到":
        return True  # 自 至 ,: the places a route runs from and to
    if prev in "于在" and nxt in "省市县区乡镇村":
        return True  # 坐落于 省: the place's name left out
    if (prev in "在于至到" and _RE_BRACKET_WORD.match(text, b)) or text.startswith(("先生", "女士"), b):
        return True  # 在 (地点) / 被护理者 先生/女士
    return (
        nxt != "年"  # (自 年月日: a date's skeleton, read as a date)
        and (_is_cjk(nxt) or nxt in "%％")
        and _unit_at(text, b, ps) is not None
        and not _letter_spacing(text, a, b)
        and _RE_NUMBER_CELL.search(text, max(0, a - NUMBER_CELL_REACH), b + NUMBER_CELL_REACH) is None
    )


#: the words that ask for a value right before a full stop or a comma (比例为 。, 自 至 ,)
_ASKS = "为是的至到"
#: how far around a one-space gap figures standing alone make it a table's row
NUMBER_CELL_REACH = 20
#: a bracketed word right after a gap that names what goes in it: 在 (地点)
_RE_BRACKET_WORD = compile_pattern(r"[（(][\u4e00-\u9fff]{1,4}[)）]")


#: a figure standing alone between spaces: a cell of a table laid out on one line
_RE_NUMBER_CELL = compile_pattern(r"(?:^|[ \u3000])[0-9][0-9.,]*(?:[ \u3000]|$)")
#: three Han characters each followed by a space: a letter-spaced line (租 金 元), whose spaces are layout
_RE_LETTER_SPACED_RUN = compile_pattern(r"(?:[\u4e00-\u9fff][ \u3000]){3}")


def _space_hits(text: str, ps: PatternSet, *, table: bool = False) -> list[_Hit]:
    """Runs of spaces that are blanks (runs inside another form's blank are dropped when added).

    ``table``: the line is a row of a table laid out with spaces, whose gaps are alignment."""
    hits = _struck_hits(text, ps) if "/" in text or "／" in text else []
    body = text.rstrip()
    colon = min((i for i in (text.find("："), text.find(":")) if i >= 0), default=len(text))
    columns: bool | None = None  # the line is organisations' names side by side
    for m in _RE_SPACES.finditer(text):
        a, b = m.span()
        run = m.group(0)
        if a == 0:
            rest = text[b:].strip()
            # indentation, unless only punctuation follows: the tail of a blank begun on the line above
            if rest and all(ch in "。；;，,.、" for ch in rest):
                hits.append(_Hit(a, b, "spaces", None, "empty"))
            continue
        if _width(run) < 3 and not table and _narrow_gap(text, a, b, ps):
            hits.append(
                _Hit(a, b, "spaces", None, "empty")
            )  # 合同签订 只 / 比例为 。/ 在  签订: a gap a page narrowed
            continue
        if _width(run) < 3 or _letter_spacing(text, a, b) or table:
            continue
        prev = text[a - 1]
        nxt = text[b] if b < len(body) else ""
        if (prev in BOX) != (nxt != "" and nxt in BOX) and prev not in "：:¥￥$":
            continue  # padding inside a cell of a drawn table: │回流焊炉    │
        if a <= HEADING_NUMBER_MAX and nxt.isalnum() and _unit_at(text, b, ps) is None:
            hm = match_heading(text, ps)
            if hm is not None and squash(text[:a]) == squash(hm.label):
                continue  # the gap between a heading's number and its words: 第一条    租赁设备
        if prev in "）)" and _after_sign_here(text, a, ps):
            hits.append(_Hit(a, b, "spaces", None, "empty"))  # 甲方（盖章）␠␠␠␠: the place to sign or seal
            continue
        if not nxt:  # a trailing run: a blank only after a label or an unfinished phrase
            if prev not in "：:" and _heading_or_title(body, ps):
                continue  # 第一条　咨询项目␠␠␠ / 技术咨询合同␠␠␠: spaces a copy left at the end
            if _option_words(text, a, ps):
                continue  # ☐一对一面授␠␠␠: an option, answered by its box
            if _spaced_out(body):
                continue  # 广    州    市␠␠␠: the first line of a title spaced out
            if prev in "：:" or (_is_cjk(prev) and not _filled_field_before(text, a)):
                hits.append(_Hit(a, a + len(run), "spaces", None, "empty"))
            continue
        if prev in "。；;）)】」" and nxt not in "。；;，," and _unit_at(text, b, ps) is None:
            continue  # space between sentences or after a closing bracket is layout (not before a unit)
        if prev in "：:":
            if _ordinary_after_colon(text, b, ps):
                continue  # alignment between a label and its value: 甲方：　　杭州某公司
            if _role_columns(text, a, b, ps):
                continue  # 甲方（用人单位）：　　　乙方（职工）：: the heads of two party columns
            if ps.placeholder.match(text, b + (text[b : b + 1] in "、，,")):
                continue  # 全称：   、${people.name}: the placeholder is the blank, the spaces its alignment
        elif colon < a and (_RE_NEXT_LABEL.match(text, b) or _RE_SPACED_LABEL.match(text, b)):
            continue  # a gap between side-by-side fields: 联系人：张三　　　　电话：…
        elif prev == "}" and ps.sign_here.match(text, b):
            continue  # 甲方：${clientName}　　　（盖章）: the placeholder is the name's blank, the seal its own
        if _width(run) >= 4 and _DATE_BEFORE.search(text, max(0, a - 20), a):
            continue  # a gap between side-by-side columns after a date: 2024年1月1日　　　　2024年1月1日
        if columns is None:  # (looked at once a line, not once a gap: a long line stays linear)
            columns = colon == len(text) and _RE_NAME_COLUMNS.fullmatch(body.strip(SPACE)) is not None
        if columns:
            continue  # 杭州某公司　　　　宁波某公司: two parties' names side by side under their labels
        hits.append(_Hit(a, b, "spaces", None, "empty"))
    return hits


#: how far a column's words are looked at beside a gap: labels are short, and a bound keeps a long line
#: (a page flattened to one line) linear
WORD_WINDOW = 40


def _word_before(text: str, end: int) -> str:
    """The words between the last space before ``end`` and ``end``."""
    return _RE_SPACES.split(text[max(0, end - WORD_WINDOW) : end])[-1]


def _word_after(text: str, start: int) -> str:
    """The words from ``start`` to the next space."""
    return _RE_SPACES.split(text[start : start + WORD_WINDOW], maxsplit=1)[0]


def _option_words(text: str, a: int, ps: PatternSet) -> bool:
    """Whether the words before ``a`` in their column are a check-box option with no label's colon
    (☐一对一面授, □退租验收): the box is where it is answered."""
    words = _word_before(text, a)
    boxes = ps.boxes
    return (
        len(words) > 1
        and words[0] in boxes
        and "：" not in words
        and ":" not in words
        and not words.endswith(("其他", "其它"))  # □其他␠␠␠: the write-in of the option
    )


def _after_sign_here(text: str, a: int, ps: PatternSet) -> bool:
    """Whether a signer's label and its sign instruction in brackets end at ``a``, with no colon: the
    place to sign is after them (甲方（盖章）␠␠␠); ``甲方：␠␠␠（盖章）`` has its place at the colon."""
    for m in ps.sign_here.finditer(text, max(0, a - 12), a):
        if m.end() == a:
            label = _word_before(text, m.start())
            return bool(label) and _is_cjk(label[-1]) and "：" not in label and ":" not in label
    return False


def _role_columns(text: str, a: int, b: int, ps: PatternSet) -> bool:
    """Whether the gap ``a:b`` after a role's colon runs to another role's label: the heads of party
    blocks side by side, whose names the blocks below give (名称：… 姓名：…) or the parties report missing."""
    label = _word_before(text, a - 1)
    nxt = _word_after(text, b)
    colon = max(nxt.find("："), nxt.find(":"))
    return _is_role(squash(label), ps) and colon > 0 and _is_role(squash(nxt[:colon]), ps)


def table_cells(text: str) -> int:
    """How many cells the line has as a row of a table laid out with spaces: short cells split by wide
    gaps, none with a label's colon or a sentence's punctuation (股东名称　　　　出资额（万元）　　持股比例);
    0 when it is no such row."""
    t = text.strip(SPACE)
    if "  " not in t and "\u3000\u3000" not in t and " \u3000" not in t and "\u3000 " not in t:
        return 0
    cells = _RE_CELL_GAP.split(t)
    if any(len(c) > TABLE_CELL_MAX for c in cells) or _RE_TABLE_PUNCT.search(t) is not None:
        return 0
    return len(cells)


def _table_rows(lines: list[Line]) -> set[int]:
    """The lines that are rows of a space-aligned table: a run of consecutive lines of two or more cells
    with at least two of three or more (a header and a row), so one line of words and blanks is not
    taken for a table, and a row with an empty cell (联系人    陈思    ) still belongs to its table."""
    rows: set[int] = set()
    run: list[int] = []
    wide = 0
    for ln in lines:
        n = table_cells(ln.text)
        if n >= 2:
            run.append(ln.no)
            wide += n >= 3
            continue
        if wide >= 2:
            rows.update(run)
        run, wide = [], 0
    if wide >= 2:
        rows.update(run)
    return rows


def sign_place(before: str, after: str, ps: PatternSet) -> bool:
    """Whether a blank is a place to sign or seal (``甲方（盖章）：____``, ``乙方：____（签名）``), from
    the text around it.

    A seal or a handwritten signature never shows in the text, so such a blank says nothing about whether
    the copy was signed: the rules treat it apart from the values still to fill."""
    return ps.sign_before.search(before) is not None or ps.sign_after.match(after) is not None


#: 乙方：（盖章） with nothing written: a colon, then the sign instruction (ps.sign_here), then the line's end
#: or a column gap (the left column of 发包人：（公章）　　　　承包人：（公章）)
_SEAL_ONLY_AFTER = compile_pattern(r"[ \u3000]*$|[ \u3000]{2,}\S")
_RE_BOX_RUN = compile_pattern(r"[□☐▢]{4,}")


#: what joins the placeholders of one date: {{年}}年{{月}}月{{日}}日
_DATE_JOINT = compile_pattern(r"[ \u3000]*[年月][ \u3000]*")


#: what follows an empty bracket that a note talks about (【　】中选择内容, （ ）内打√): the form, not a blank
_RE_MENTION_AFTER = compile_pattern(r"[中内里](?:的?选择|填写|填入|打|划|勾|的内容|选定)")


def _is_mention(text: str, m: Any) -> bool:
    """An empty bracket a how-to-fill note names (本合同文本【　】中选择内容, 文本“【】”“□”中): the words after
    it say so, or it stands in quotes."""
    if m.group("val") is not None:
        return False
    return _quoted(text, m.start(), m.end()) or _RE_MENTION_AFTER.match(text, m.end()) is not None


_OPEN_QUOTES = '“"「『‘'
_CLOSE_QUOTES = '”"」』’'


def _quoted(text: str, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` stands in quotes (“【】”, “√”)."""
    return a > 0 and text[a - 1] in _OPEN_QUOTES and b < len(text) and text[b] in _CLOSE_QUOTES


#: the verbs of a how-to-fill note around a mark it names: 以划√方式选定, 不同意的打×, 前的□打√
_MARK_VERBS = "打划画勾"
_RE_MARK_VERB_AFTER = compile_pattern(rf"[{_MARK_VERBS}][“\"]?[√×✓✗✔☑■]")  # □打√ (not □划拨, an option)


def _mark_mention(text: str, i: int) -> bool:
    """A box or a tick that a how-to-fill note names (以划“√”方式选定, 选择项前的□打√, “□”后为待选内容),
    not one to tick: in quotes, after a verb of marking, or before the words that say what to do in it."""
    return (
        _quoted(text, i, i + 1)
        or (i > 0 and text[i - 1] in _MARK_VERBS)
        or _RE_MARK_VERB_AFTER.match(text, i + 1) is not None
        or _RE_MENTION_AFTER.match(text, i + 1) is not None
    )


def _placeholder_name(written: str) -> str:
    """What a placeholder holds inside its marks: {{☐护照}} -> ☐护照, ${buyer_name} -> buyer_name."""
    return written.strip("{}$#«»【】[] \u3000")


#: the rest of a date after its year: 年, then gaps for the month and the day
_RE_DATE_GAPS = compile_pattern(r"[ \u3000]*年[ \u3000_]+月[ \u3000_]+[日号]")


_RE_X_ONLY = compile_pattern(r"[XxＸｘ×]{1,3}")


def _placeholder_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """Placeholders, one place each: the three of a date ({{年}}年{{月}}月{{日}}日) are one blank, and
    check-box placeholders ({{☐护照}}护照 {{☐其他}}其他) one choice, of kind ``checkbox`` like a row of
    □ options, from its first box to the line's end; a write-in among them ({{其他证件说明}}) stays a
    blank of its own."""
    boxes = set(ps.boxes)
    out: list[_Hit] = []
    options: list[tuple[Any, bool]] = []  # each box placeholder, and whether it is ticked
    for m in ps.placeholder.finditer(text):
        box = _placeholder_name(m.group(0))[:1]
        if box in boxes:
            options.append((m, box in ps.checked))
            continue
        last = out[-1] if out else None
        if last is not None and _DATE_JOINT.fullmatch(text, last.end, m.start()):
            last.end = m.end()
            continue
        rest = _RE_DATE_GAPS.match(text, m.end())
        if rest is not None:  # 于20xx年_____月_____日: one date, its year a placeholder, the rest gaps
            out.append(_Hit(m.start(), rest.end(), "date", None, "empty"))
            continue
        out.append(_Hit(m.start(), m.end(), "placeholder", None, "empty"))
    if any(h.kind == "placeholder" and _RE_X_ONLY.fullmatch(text, h.start, h.end) for h in out):
        # 在XX市XX区XX村X组XXX号建X幢X层: a line with X for a number is a template's, its X for places too
        taken = [(h.start, h.end) for h in out]
        out += [
            _Hit(m.start(), m.end(), "placeholder", None, "empty")
            for m in ps.placeholder_place.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in taken)
        ]
        out.sort(key=lambda h: h.start)
    if options:
        first = options[0][0]
        ticked = [m for m, on in options if on]
        value = "；".join(text[m.end() : m.end() + 12].split("{", 1)[0].strip(SPACE) for m in ticked) or None
        out.append(
            _Hit(first.start(), len(text.rstrip()), "checkbox", value, "filled" if ticked else "empty")
        )
    return out


_OPTION_STOP = "，,；;。"
_RE_OPTION_NAME = compile_pattern(r"[^，,；;。_（(：:\s]*")
#: the option written before its box: the last word before it, after a colon, a gap or a clause mark
_RE_LAST_WORD = compile_pattern(r"[^\s：:，,；;。]+(?=[ \u3000]*$)")


def _checkbox_hit(text: str, ps: PatternSet) -> _Hit | None:
    loose = ps.loose_box
    if not any(ch in text for ch in ps.boxes + loose):
        return None
    inside: set[int] = set()  # positions within short brackets (each at most 22 characters)
    for m in _RE_BRACKETED.finditer(text):
        inside.update(range(m.start() + 1, m.end() - 1))
    boxes = ps.boxes + loose
    marks = [i for i, ch in enumerate(text) if ch in boxes and i not in inside and not _mark_mention(text, i)]
    # 口 is a box only when it stands alone (OCR reads □ as 口)
    marks = [
        i
        for i in marks
        if text[i] not in loose or ((i == 0 or text[i - 1] in SPACE) and text[i + 1 : i + 2] in SPACE)
    ]
    if not marks:
        return None
    run = _RE_BOX_RUN.search(text)
    if run is not None:  # 合同登记编号：□□□□□□□□ — a box per character to write, not options
        filled = any(ch in ps.checked for ch in run.group(0))
        return _Hit(run.start(), run.end(), "field", None, "filled" if filled else "empty")
    chosen = []
    start = marks[0]
    if marks[0] and text[marks[0] - 1] not in SPACE and not text[marks[-1] + 1 :].strip(SPACE + _OPTION_STOP):
        # 是☑      否□ / 性别：男□ 女☑ — each box after its option: the option is the word before the box
        for n, i in enumerate(marks):
            lo = marks[n - 1] + 1 if n else 0
            word = _RE_LAST_WORD.search(text, lo, i)
            if n == 0 and word is not None:
                start = word.start()
            if text[i] in ps.checked and word is not None:
                chosen.append(word.group())
    else:
        for n, i in enumerate(marks):
            end = marks[n + 1] if n + 1 < len(marks) else len(text)
            option = text[i + 1 : end].strip(SPACE + _OPTION_STOP)
            if text[i] in ps.checked:
                # ☑已设定抵押，抵押权人为____ / ☑固定金额____元: the option's name, not its write-ins
                chosen.append(_RE_OPTION_NAME.match(option).group() or option)
    value = "；".join(chosen) if chosen else None
    return _Hit(start, len(text.rstrip()), "checkbox", value, "filled" if chosen else "empty")


#: what may stand between the underlined pieces of one time or date: 　　时　　分　　秒
_TIME_JOINT = SPACE + "时分秒点年月日:："


def _write_ins(line: Line, cb: _Hit, ps: PatternSet) -> list[_Hit]:
    """The places to write inside a check-box group (□租赁（租赁期限：______） / □其他______ / 【地下___层】):
    each a blank of its own beside the group's choice. The underlined pieces of one time (__时__分__秒)
    are one blank."""
    if cb.kind != "checkbox":
        return []
    text = line.text
    out: list[_Hit] = []
    for a, b in line.underlines:
        if a < cb.start or b > cb.end or text[a:b].strip(SPACE + "_"):
            continue
        if out and out[-1].kind == "underline" and not text[out[-1].end : a].strip(_TIME_JOINT):
            out[-1].end = b
            continue
        out.append(_Hit(a, b, "underline", None, "empty"))
    for m in _RE_UNDERSCORES.finditer(text, cb.start, cb.end):  # □其他___ (a copy of the underline)
        if m.end() - m.start() >= 2 and not any(h.start < m.end() and m.start() < h.end for h in out):
            out.append(_Hit(m.start(), m.end(), "underscore", None, "empty"))
    for m in _RE_BRACKET.finditer(text, cb.start, cb.end):
        if m.group("val") is None and not any(h.start < m.end() and m.start() < h.end for h in out):
            out.append(_Hit(m.start(), m.end(), "bracket", None, "empty"))
    for m in _RE_GAP.finditer(text, cb.start, cb.end):
        # □已交付   张 / □电视   个: a gap before a count's unit, the number the option asks for (a copy
        # that lost the underline); a gap before the next box is only the space between options
        unit = _unit_at(text, m.end(), ps)
        if (
            _width(m.group(0)) >= 2
            and unit
            and unit not in "年月日"
            and not any(h.start < m.end() and m.start() < h.end for h in out)
        ):
            out.append(_Hit(m.start(), m.end(), "spaces", None, "empty"))
    out.sort(key=lambda h: h.start)
    return out


def _underline_runs(line: Line) -> list[tuple[int, int]]:
    """The line's underlined runs, two runs parted by one or two spaces the underline skipped inside a
    written text (编制“ ${contractName}␣ 现状环境影响评估报告”) joined into one."""
    text = line.text
    out: list[tuple[int, int]] = []
    for a, b in line.underlines:
        if out:
            pa, pb = out[-1]
            gap = text[pb:a]
            if (
                0 < len(gap) <= 2
                and not gap.strip(SPACE)
                and text[pb - 1] not in SPACE + "_"
                and text[pa:pb].strip(SPACE + "_")
                and text[a:b].strip(SPACE + "_")
            ):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out


#: how many underlined spaces after a long text make its underline a writing area, not emphasis
UNDERLINE_ROOM = 4


def _underline_room(seg: str, rest: str) -> bool:
    """Whether an underlined run ends in room to write (underlined spaces) and closes its line: the
    underline of a writing area an author wrote in, not words underlined for emphasis."""
    return not rest.strip(SPACE) and _width(seg[len(seg.rstrip(SPACE)) :]) >= UNDERLINE_ROOM


def _written_around(text: str, pieces: list[tuple[int, int]], ps: PatternSet) -> bool:
    """Whether the underlined text around a placeholder was written by an author (编制“ ${x} 报告”), not
    only the template's marks and words (、${name} / 人民币 ${amount} / ${clientName} （盖章）)."""
    rest = " ".join(ps.sign_here.sub(" ", text[p:q]) for p, q in pieces).strip(SPACE + "_")
    return bool(rest) and not _template_words_only(rest, ps)


def _complement(a: int, b: int, inner: list[_Hit]) -> list[tuple[int, int]]:
    """The pieces of ``a``..``b`` outside the (disjoint) ``inner`` hits."""
    out, at = [], a
    for h in sorted(inner, key=lambda h: h.start):
        if h.start > at:
            out.append((at, h.start))
        at = h.end
    if at < b:
        out.append((at, b))
    return out


#: how long the words between two gaps may be before a 的 among them makes them the form's sentence
WORDS_BETWEEN_MAX = 6


def _underscore_value(between: str, ps: PatternSet) -> bool:
    """Whether the text between two underscore runs is a value written on one underline (``__12__``)
    rather than template text between two blanks (``____元，绩效工资为____``, ``____或____``)."""
    v = between.strip(SPACE)
    return (
        0 < len(v) <= UNDERSCORE_VALUE_MAX
        and not any(ch in _VALUE_BREAK for ch in v)
        and "《" not in v
        and "》" not in v  # 依照《____》和《____》: the titles' marks and a word between two gaps
        and not (len(v) > WORDS_BETWEEN_MAX and "的" in v)  # ____软件技术有限公司开发生产的企业管理软件____
        and not any(ch in _TEMPLATE_MARKS or ch in ps.boxes for ch in v)
        and not v.endswith(_LEADS_TO_BLANK)
        and not any(v.startswith(u) for u in ps.units)  # ____日前支付____: the unit of the first blank
        and v not in _CONNECTIVES
        and v not in ps.units
        and v not in ps.between_blanks
        # __楼建筑面积__住房: the first gap's unit and the words of the next gap's label, not a value
        and not (v[0] >= "\u4e00" and v.startswith(ps.between_words))
        and squash(v) not in ps.field_keys
        and v not in ps.ordinal_roles
        and v not in ps.named_roles
        # (定作人委托承揽人加工, 甲方承揽: a role and what it does, the form's words)
        and not (v.startswith(ps.roles_longest_first) and v not in ps.roles_longest_first)
        and not _lone_word(v)
    )


#: the one-character answers a form writes on an underline (__有__, __半__年)
_ANSWERS = frozenset("是否有无半")


def _lone_word(v: str) -> bool:
    """One Han character that is neither a numeral nor an answer: the template's word between two
    blanks (午餐___元（___荤___素）), not a value written on one underline (__叁__份, __是__)."""
    return len(v) == 1 and "\u4e00" <= v <= "\u9fff" and v not in _ANSWERS and cn_to_int(v) is None


#: how many single underscores, and no longer run, make a line whose gaps are each one underscore
LONE_GAPS_MIN = 3


def _in_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` joins two Latin letters or digits (file_name, a_1)."""
    return (
        0 < i < len(text) - 1
        and text[i - 1].isascii()
        and text[i - 1].isalnum()
        and text[i + 1].isascii()
        and text[i + 1].isalnum()
    )


def _underscore_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """``____`` (2+) is an empty blank; two runs around a value are one filled blank; two runs with only
    spaces between are one empty blank."""
    runs = [m.span() for m in _RE_UNDERSCORES.finditer(text)]
    # a page that drew every gap as one underscore (甲方:_ 地址:_ …的_日内支付): three of them or more and no
    # longer run, each a blank (not one inside a word, file_name)
    lone = len(runs) >= LONE_GAPS_MIN and all(b - a == 1 for a, b in runs)
    out = []
    i = 0
    while i < len(runs):
        a, b = runs[i]
        if i + 1 < len(runs):
            c, d = runs[i + 1]
            between = text[b:c]
            if not between.strip(SPACE):
                # (____ ____ __: runs parted only by spaces are one line drawn to write on)
                j = i + 1
                while j + 1 < len(runs) and not text[runs[j][1] : runs[j + 1][0]].strip(SPACE):
                    j += 1
                out.append(_Hit(a, runs[j][1], "underscore", None, "empty"))
                i = j + 1
                continue
            if _underscore_value(between, ps):
                v = between.strip(SPACE)
                out.append(_Hit(a, d, "underscore", v, "na" if ps.na.match(v) else "filled"))
                i += 2
                continue
        if b - a >= 2 or _unit_at(text, b, ps) is not None or (lone and not _in_word(text, a)):
            out.append(_Hit(a, b, "underscore", None, "empty"))  # (承包年限为_年: one before a unit)
        i += 1
    return out


def _tab_cells(text: str, tabs: tuple[int, ...]) -> list[str]:
    bounds = [0, *(t + TAB_WIDTH for t in tabs)]
    ends = [*tabs, len(text)]
    return [text[a:b] for a, b in zip(bounds, ends, strict=True)]


def _empty_tab_cells(text: str, tabs: tuple[int, ...]) -> list[_Hit]:
    """The empty cells of a tab-separated row (``终验<TAB><TAB>10%``, ``…<TAB>30%<TAB>`` at the line's end),
    each as the gap of the tab that opens it; the empty cells before the first written one are
    indentation (a title pushed to the middle of the line with tabs)."""
    cells = _tab_cells(text, tabs)
    first = next((i for i, c in enumerate(cells) if c.strip(SPACE)), len(cells))
    return [
        _Hit(t, t + TAB_WIDTH, "spaces", None, "empty")
        for i, (t, c) in enumerate(zip(tabs, cells[1:], strict=True), start=1)
        if i > first and not c.strip(SPACE)
    ]


#: the longest line taken for a party's line ending with its alias note (房产所有人(以下简称“甲方”))
PARTY_LINE_MAX = 40
#: an alias note alone on its line, where a party's name should stand before it
_RE_ALIAS_LINE = compile_pattern(rf"[ \u3000]*(?P<note>[（(]{ALIAS_ORDINAL}[）)])[ \u3000。]*")
#: the dots that lead a table of contents' entry to its page number (释义..........3, 定义…………5)
_RE_DOT_LEADER = compile_pattern(r"(?:\.|．|…|·){6,}[ \u3000]*[0-9]*[ \u3000]*$")


def _line_hits(line: Line, ps: PatternSet, *, follow: str | None = None, table: bool = False) -> list[_Hit]:
    """The blanks of one line. ``follow`` is the next non-empty line ("" at the end, None when unknown):
    it tells whether an empty ``label：`` closing this line is continued there. ``table``: the line is
    a row of a space-aligned table."""
    text = line.text
    hits: list[_Hit] = []
    alias = _RE_ALIAS_LINE.fullmatch(text) if "称" in text else None
    if alias is not None:  # (以下简称甲方) on a line of its own: the name before it left out
        return [
            _Hit(alias.start("note"), alias.start("note"), "field", None, "empty", label=alias.group("ord"))
        ]
    if "…" in text or "..." in text or "．．．" in text:
        if _RE_DOT_LEADER.search(text):
            return hits  # 第一条    释义………………3: a table of contents' line, nothing to fill
    if (
        len(line.tabs) >= 2
    ):  # a row of a tab-separated table: its gaps are cell borders, its empty cells blanks
        table = True
        hits.extend(_empty_tab_cells(text, line.tabs))
    starts: list[int] = []  # the taken spans, disjoint and sorted: a bisect finds an overlap
    ends: list[int] = []

    def take(a: int, b: int) -> bool:
        """Take the span ``a``..``b`` unless it overlaps a taken one."""
        if a == b:  # a point: taken if inside a span or where another point or span starts
            i = bisect.bisect_right(starts, a)
            if i and (ends[i - 1] > a or starts[i - 1] == a):
                return False
        else:
            i = bisect.bisect_left(starts, b)
            if i and ends[i - 1] > a:  # spans are disjoint, so ends rise with starts
                return False
            if i and starts[i - 1] >= a:  # a point inside it (每亩 元: the collapsed gap found first)
                return False
        starts.insert(i, a)
        ends.insert(i, b)
        return True

    def add(h: _Hit, reserve: tuple[int, int] | None = None) -> bool:
        """Keep ``h`` unless it overlaps a taken span; ``reserve`` is the span it takes (its own by default)."""
        if not take(*(reserve or (h.start, h.end))):
            return False
        hits.append(h)
        return True

    # each form is looked for only where its telltale character is (most lines have none)
    has = {ch for ch in "{$【年_（([：:XxＸｘ×«〔*＊" if ch in text}
    if has & {"{", "$", "【", "[", "X", "x", "Ｘ", "ｘ", "×", "«", "*", "＊"}:
        placeholders = _placeholder_hits(text, ps)
        if placeholders and "年" in has:  # XXX___年____月____日: the X stand in a date's year, one date blank
            years = [m.span("ye") for m in _RE_DATE.finditer(text) if m.group("ye")]
            placeholders = [h for h in placeholders if not any(a <= h.start < h.end <= b for a, b in years)]
        choice = next((h for h in placeholders if h.kind == "checkbox"), None)
        for h in placeholders:
            if choice is None or (h is not choice and h.end <= choice.start):
                # (联系人:XXX___: the underline around a placeholder is its place too, one blank)
                a = len(text[: h.start].rstrip("_"))
                b = len(text) - len(text[h.end :].lstrip("_"))
                add(h, (a, b))
        if choice is not None and add(choice):
            # write-ins among the options ({{其他证件说明}}): inside the choice's span, which is taken
            hits.extend(h for h in placeholders if h is not choice and h.start >= choice.start)
    cb = _checkbox_hit(text, ps)
    deferred: list[_Hit] = []  # the dates inside a check-box group: its write-ins, once the group is kept
    for m in _RE_DATE.finditer(text) if "年" in has else ():
        year = m.group("y")
        if year in _CENTURIES and text[m.end("y") : m.end("y") + 1] in "_ \u3000":
            year = None  # 20____年9月19日: the century printed, the rest of the year left to write
        if m.group("de") == "" and m.group("m") is None:
            continue  # 年  月日: no gap for the day after an empty month is no date's skeleton
        if m.group("ye") == "" and m.start() > 0 and text[m.start() - 1] in _YEAR_WORDS and m.group("m"):
            continue  # 每年11月1日: a day of every year, no year left to write
        parts = (year, m.group("m"), m.group("d"))
        value = "".join(f"{p}{u}" for p, u in zip(parts, "年月日", strict=True) if p) or None
        if all(parts):
            if "_" in m.group(0):  # __2024__年__3__月__5__日: written on the template's underlines
                add(_Hit(m.start(), m.end(), "date", value, "filled"))
            continue  # a written date, not a blank
        start = m.start()
        ye = m.group("ye") or ""
        lab = text[max(0, start - LABEL_WINDOW) : start].rstrip(SPACE)
        if (
            len(ye) >= SIGN_AND_DATE_MIN
            and lab.endswith(("：", ":"))
            and (ps.sign_word.search(lab[-12:]) or lab[:-1].endswith("人"))  # (a signer's label, no 日期:)
        ):
            # 法定代表人(签字):__________________年____月____日 — the line to sign on runs into the date's
            # year: the place to sign, then the date
            start += len(ye) - DATE_YEAR_ROOM
            add(_Hit(m.start(), start, "underscore", None, "empty"))
        h = _Hit(start, m.end(), "date", value, "empty")
        if cb is not None and cb.kind == "checkbox" and cb.start <= h.start < cb.end:
            deferred.append(h)  # □租赁：起止日期    年   月   日至…: a write-in of the option
        else:
            add(h)
    for m in (
        _RE_BARE_DATE.finditer(text) if "年" in has else ()
    ):  # 日期：年月日 — a skeleton whose spaces a PDF or OCR lost
        add(_Hit(m.start(), m.end(), "date", None, "empty"))
    if "月" in text and ("_" in has or " " in text or "\u3000" in text):
        # 于 月 日起 / 在____年_____月前: a date without its year, or without its day, one blank
        for m in _RE_PART_DATE.finditer(text):
            add(_Hit(m.start(), m.end(), "date", None, "empty"))
    if "年" in has and "年月日年月日" in squash(text) and _RE_DATE_ROW.fullmatch(text):
        # 年月日年月日: the two parties' dates under their signatures, their gaps lost
        for m in _RE_BARE_DAY.finditer(text):
            add(_Hit(m.start(), m.end(), "date", None, "empty"))
    for m in _RE_YEAR_ONLY_DATE.finditer(text) if "年月" in text else ():
        # 2017年月日 — the year written, the month's and the day's gaps lost: the date is not complete
        add(_Hit(m.start(), m.end(), "date", m.group("y") + "年", "empty"))
    if any(cue in text for cue in _COLLAPSED_CUES):
        # a gap a copy lost (第种方式, 后个工作日内, 面积为 平方米, 乙方为甲方在的…经销商): the place where the
        # number or the name belonged
        for m in ps.collapsed.finditer(text):
            add(_Hit(m.start(), m.start(), "collapsed", None, "empty"))
    group = _RE_NUMBERED_OPTIONS.search(text) if "(" in text or "（" in text else None
    if group is not None and _RE_TICK_BRACKET.search(group.group()) is None:
        # ①月嫂服务()②育儿嫂服务() — numbered options each with a bracket to tick, none ticked: one choice
        add(_Hit(group.start(), group.end(), "choice", None, "empty"))
    if "“”" in text or "《" in text:
        # 就合作开发“”(以下称项目) / 开发《 》(以下简称“本软件”): a name's quotes or title marks left empty
        for m in _RE_EMPTY_QUOTES.finditer(text):
            add(_Hit(m.start(), m.end(), "bracket", None, "empty"))
    if has & {"（", "(", "【", "[", "〔"}:
        # beside a ticked bracket, an empty one is an option not chosen: 押金（√）不押金（ ）
        chosen = _RE_TICK_BRACKET.search(text) is not None
        for m in _RE_BRACKET.finditer(text):
            if _is_mention(text, m):
                continue  # 本合同文本【　】中选择内容…: a how-to-fill note naming the form, not a place to fill
            val = m.group("val")
            before = text[max(0, m.start() - UNIT_WINDOW) : m.start()].rstrip(SPACE)[-1:]
            if val is not None and val in ps.units and _RE_WORD.match(before):
                continue  # 总价 ( 元 ): the unit of the word before it, as a header writes it, not a value
            filled = "na" if val is not None and ps.na.match(val) else "filled"
            status = ("na" if chosen else "empty") if val is None else filled
            add(_Hit(m.start(), m.end(), "bracket", val, status))
        # 【整租】【分租】【集体宿舍】: alternatives to choose from, one choice (the empty 【  】 among them,
        # a write-in, is a blank of its own, added above)
        for m in _RE_BRACKET_CHOICE.finditer(text) if "【" in has else ():
            options = _RE_OPTION.findall(m.group(0))
            ticked = [
                o.strip("".join(ps.checked) + SPACE) for o in options if any(c in ps.checked for c in o)
            ]
            add(
                _Hit(
                    m.start(), m.end(), "choice", "；".join(ticked) or None, "filled" if ticked else "empty"
                ),
                reserve=(m.start(), m.start() + 1),
            )
    for m in ps.sign_here.finditer(text) if has & {"：", ":"} else ():
        # 乙方：（盖章） — nothing written between the colon and the instruction
        gap = len(text[: m.start()]) - len(text[: m.start()].rstrip(" \u3000"))
        colon = m.start() - gap - 1
        if colon >= 0 and text[colon] in "：:" and _SEAL_ONLY_AFTER.match(text, m.end()):
            add(_Hit(colon + 1, m.start(), "field", None, "empty"))
    for m in _re_bracketed_sign(ps).finditer(text) if has & {"：", ":"} else ():
        # （住房租赁企业从业人员签字：） — a place to sign inside brackets, nothing written before the bracket closes
        add(_Hit(m.start("gap"), m.end("gap"), "field", None, "empty"))
    if cb is not None and add(cb):
        # inside the group's span, which is taken: its write-ins (□其他___) are blanks of their own
        ins = [
            w
            for w in _write_ins(line, cb, ps)
            if not any(d.start < w.end and w.start < d.end for d in deferred)
        ]
        ins += deferred  # a date is one blank, whatever pieces its underline is in
        hits.extend(sorted(ins, key=lambda h: h.start))
    else:
        for d in deferred:
            add(d)
    for h in _underscore_hits(text, ps) if "_" in has else ():
        add(h)
    for a, b in _underline_runs(line):
        seg = text[a:b]
        colon = max(seg.rfind("："), seg.rfind(":"))
        if colon >= 0:  # the label was underlined with its value (签订地点：北京): the value is after it
            if not text[a + colon + 1 : b].strip(SPACE) and ps.list_intro.search(squash(seg[:colon])):
                continue  # an underlined sentence opening a list (双方按照以下方式处理：): nothing to write
            if squash(seg[:colon]).lstrip("※*＊") in ps.note_labels:
                continue  # 注：以上费用包含… — the author's note to the reader, underlined: no field
            a += colon + 1
            seg = text[a:b]
        core = seg.strip(SPACE + "_")
        after_label = colon >= 0 or text[:a].rstrip(SPACE).endswith(("：", ":"))
        if not core:
            add(_Hit(a, b, "underline", None, "empty"))
        elif not ps.na.match(core) and _template_words_only(core, ps):
            # ____律师事务所, 人民币（大写） 元（￥ 元）, ____， — the template's own words were underlined with
            # the gaps: each gap is an empty blank, the words are no value
            for g in _RE_GAP.finditer(seg):
                add(_Hit(a + g.start(), a + g.end(), "underline", None, "empty"))
        elif any(_width(g.group()) >= 3 and _unit_at(core, g.end(), ps) for g in _RE_GAP.finditer(core)):
            pass  # 增值税专用发票（税率为      %）: the template's words underlined with a gap: the gap is the blank
        elif not after_label and _RE_DOCUMENT_NAME.fullmatch(core):
            pass  # 本合同附件《民事诉讼风险告知书》内容…: a document the text names, underlined for emphasis
        elif len(core) <= UNDERLINE_VALUE_MAX or (
            (after_label or _underline_room(seg, text[b:])) and len(core) <= UNDERLINE_ANSWER_MAX
        ):
            # a long underlined run is the author's emphasis unless a label's colon asks for it
            # (验收标准： 报告通过由……的技术审查。) or the underline runs on as room to write, to the line's
            # end ((2)根据环评工作要求提供……等资料；________): then it is the answer written in
            lead = len(seg) - len(seg.lstrip(SPACE + "_"))
            status = "na" if ps.na.match(core) else "filled"
            h = _Hit(a + lead, a + lead + len(core), "underline", core, status, reach=b)
            # the hit is the written text, but the whole underline is its blank: the underlined spaces
            # after a value written at its start ( 500        ) are no blank of their own. A placeholder
            # inside the text (编制“ ${contractName} 报告”) stays a blank of its own: the rest is taken
            inner = [x for x in hits if x.kind == "placeholder" and a <= x.start and x.end <= b]
            rest = _complement(a, b, inner)
            if not inner:
                add(h, reserve=(a, b))
            elif _written_around(text, rest, ps) and all(take(p, q) for p, q in rest):
                hits.append(h)
    for h in _space_hits(text, ps, table=table):
        add(h)
    for h in _spaced_field_hits(text, ps, follow) if has & {"：", ":"} else ():
        add(h)
    for h in _role_value_hits(text, ps) if has & {"：", ":"} else ():
        add(h)
    for h in _english_field_hits(text, ps) if text[:1].isascii() and has & {"：", ":"} else ():
        add(h)
    for h in _label_row_hits(text, ps) if has & {"：", ":"} else ():
        if not any(x.start == h.start for x in hits):  # (a label's own reading found it: 日期:␣ 日期:)
            add(h)
    for h in _bracket_field_hits(text, ps) if has & {"：", ":"} and has & {"（", "("} else ():
        add(h)
    # 甲方:张夏镇王庄村民委员会代表人: — the next field's label run on, nothing after it
    glued = _glued_label_field(text, ps) if has & {"：", ":"} else None
    if glued is not None:
        add(_Hit(glued[1], glued[1], "field", None, "empty", label=glued[0]))
    for h in _prose_hits(text, ps) if "年" in has or "-" in text or "元" in text or "正" in text else ():
        add(h)
    pay = _RE_PAY_AT_END.search(text) if follow is not None and "付" in text else None
    if pay is not None and (not follow.strip(SPACE) or match_heading(follow.strip(SPACE), ps) is not None):
        # 1、……验收合格后,甲方付给乙方 / 2、…… — the item stops where the sum to pay was: a gap a copy lost
        add(_Hit(pay.end(), pay.end(), "collapsed", None, "empty"))
    spaced = _RE_SPACED_LEAD.match(text) if " " in text else None
    if spaced is not None and not has & {"：", ":"}:
        hit = _spaced_lead_hit(text, spaced, ps)
        if hit is not None:
            add(hit)
    for m in _RE_TIGHT_BRACKET.finditer(text) if "()" in text or "（）" in text else ():
        # 共有()天 / 按()倍 / 包括()品牌 — brackets made to write in, the copy lost their spaces
        add(_Hit(m.start(), m.end(), "bracket", None, "empty"))
    for m in _RE_COLON_FIGURE.finditer(text) if has & {"：", ":"} else ():
        # 暂定工程量为: 65 孔 / 总建筑面积:380510.74平方米 — a figure and its unit after a colon, wherever the
        # colon stands in the sentence: a value written in
        gap = len(text) - len(text[m.end() :].lstrip(SPACE))
        unit = _unit_at(text, gap, ps)
        if unit is not None and unit[0] not in _DATE_UNITS:
            add(_Hit(m.start("num"), m.end("num"), "field", m.group("num"), "filled"))
    for m in _RE_WORDS_AMOUNT.finditer(text) if "写" in text and has & {"：", ":"} else ():
        # 支付乙方服务费大写:叁仟伍佰元整 ,现金支付 — an amount in words after its label, in a sentence
        add(_Hit(m.start("value"), m.end("value"), "field", m.group("value"), "filled", money=True))
    for m in _RE_LABEL_CHAIN.finditer(text) if has & {"：", ":"} else ():
        # 工程名称:工程地点:本合同内容: … — labels run on, each before the next: nothing written after them
        label = squash(m.group("label"))
        # (第十条：双方确定： is an article's; 订立合同双方:承揽人:… a heading over the roles)
        if not _is_role(label, ps) and match_heading(label, ps) is None and not ps.list_intro.search(label):
            add(_Hit(m.end(), m.end(), "field", None, "empty"))
    for m in _RE_SIGNER_AT_END.finditer(text) if has & {"：", ":"} else ():
        # ……特此证明，同意开票付款。验收人: — a person to sign after the last sentence, nothing written
        add(_Hit(m.start("gap"), m.end("gap"), "field", None, "empty"))
    if line.cell is not None and hits:
        # 现底数　　　　已截至 — a cell of two labels each before its gap: the last label's gap is the cell's end
        body = text.rstrip(SPACE)
        last = max(hits, key=lambda h: h.end)
        tail = body[last.end :]
        if (
            last.status == "empty"
            and last.kind in ("spaces", "underline")
            and _RE_CELL_LABEL.fullmatch(tail)
            and _unit_at(tail, 0, ps) is None
        ):
            hits.append(_Hit(len(body), len(text), "spaces", None, "empty"))
    if line.cell is not None and not hits and _unit_cell(text, ps):
        # a cell holding only its unit (元/月 | 年  月  日): the value goes before the unit
        lead = len(text) - len(text.lstrip(SPACE))
        hits.append(_Hit(lead, lead, "cell", None, "empty"))
    hits.sort(key=lambda h: h.start)
    if not ps.checked_set.isdisjoint(text) and not ps.unchecked_set.isdisjoint(text):
        _unchosen_options(text, hits, ps)
    return hits


_DAY = r"(?:\d{4}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日|\d{4}-\d{1,2}-\d{1,2}(?!\d))"
#: a range of two whole dates inside a sentence (租赁时间为2007年08月01日至2022年12月31日): a term written
#: in, which a template leaves as 年 月 日至 年 月 日; a law's date stands alone, never in a range
_RE_PROSE_RANGE = compile_pattern(
    rf"(?<![\d-]){_DAY}(?:[ \u3000]*起)?[ \u3000]*(?:至|到|—+|–|~|～)[ \u3000]*{_DAY}"
)
#: (千 and 百 too, as people write them among the capital numerals: 贰万玖千伍佰元整)
_CN_NUMERALS = "零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角分整正千百"
#: an amount in words (a single space may part it: …伍佰贰拾元 整), entered only at the start of its run of
#: numerals, so a long run is scanned once
_CN_AMOUNT = (
    rf"(?<![{_CN_NUMERALS}])(?<![{_CN_NUMERALS}][ \u3000])[壹贰叁肆伍陆柒捌玖拾]"
    rf"(?:[ \u3000]?[{_CN_NUMERALS}])*(?<=[元圆角分整正])"
)
#: an amount in figures, or what a publisher left of it (***.00), entered only at its start
_FIGURE = r"(?<![\d.*])(?<![\d*][,，])[\d*][\d*,，]*(?:\.[\d*]+)?"
_S = r"[ \u3000]*"
#: an amount written twice, in words and in figures, in any of the orders contracts use: 大写：叁仟伍佰元整
#: （¥3500.00元）, 人民币 柒佰…元整 (***.00), 3500.00元(大写:叁仟伍佰元整), (1850)壹仟捌佰伍拾元,
#: 5000(大写:伍仟元整)元, 29500.00元整(贰万玖千伍佰元整). Both are kept as written, wherever the sentence
#: puts them; the consistency rules compare them
_RE_AMOUNT_PAIR = compile_pattern(
    rf"(?:大写[)）]?{_S}[：:]?{_S})?(?:人民币)?{_S}(?P<w>{_CN_AMOUNT}){_S}[（(]{_S}(?:小写[：:]?)?{_S}(?:人民币)?{_S}"
    rf"[¥￥]?{_S}(?P<f>{_FIGURE}){_S}(?:万?元)?{_S}[）)]"
    rf"|(?P<f2>{_FIGURE}){_S}万?元整?{_S}(?:人民币)?{_S}[（(]{_S}(?:人民币)?{_S}(?:大写[：:]?)?{_S}(?:人民币)?{_S}"
    rf"(?P<w2>{_CN_AMOUNT}){_S}[）)]"
    rf"|[（(]{_S}[¥￥]?{_S}(?P<f3>{_FIGURE}){_S}(?:万?元)?{_S}[）)]{_S}(?P<w3>{_CN_AMOUNT})"
    # the unit after the bracket (人民币5000(大写:伍仟元整)元)
    rf"|(?P<f4>{_FIGURE}){_S}[（(]{_S}大写[：:]?{_S}(?:人民币)?{_S}(?P<w4>{_CN_AMOUNT}){_S}[）)]{_S}万?元"
)


_RE_GAP_BEFORE_YUAN = compile_pattern(r"[ \u3000]+[元圆]")


def _prose_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """Values a sentence holds that only a filled-in contract has: a range of two whole dates, an amount
    in words and in figures (both named by what the clause calls the amount)."""
    out = [_Hit(m.start(), m.end(), "date", m.group(), "filled") for m in _RE_PROSE_RANGE.finditer(text)]
    for m in _RE_AMOUNT_PAIR.finditer(text):
        label = _amount_label(text, m.start(), ps)
        for g in ("w", "f", "w2", "f2", "f3", "w3", "f4", "w4"):
            if m.group(g) is not None:
                value = m.group(g).rstrip(SPACE)
                # 伍拾壹万肆仟肆佰捌拾肆 元整: the words written in, the form's 元整 after the gap
                gap = _RE_GAP_BEFORE_YUAN.search(value)
                if gap is not None:
                    value = value[: gap.start()]
                end = m.start(g) + len(value)
                out.append(_Hit(m.start(g), end, "field", value, "filled", money=True, label=label))
    return sorted(out, key=lambda h: h.start)


def _amount_label(text: str, start: int, ps: PatternSet) -> str | None:
    """The word of ``ps.amount_words`` that ends last in the clause before ``start`` (the longer of two that
    end together: 成交价格, not 价格), else in its sentence, or None."""
    lo = max(0, start - LABEL_WINDOW)
    for stops in (_CLAUSE_STOP, _SENTENCE_STOP):  # the clause, else its sentence (月租金为…，即人民币…)
        clause = text[_phrase_start(text, start, stops, lo) : start]
        found = [(i + len(w), len(w), w) for w in ps.amount_words if (i := clause.rfind(w)) >= 0]
        if found:
            return max(found)[2]
    return None


_RE_GAP = re.compile(r"[ \u3000_]+")
#: printed words an underline may run through without being a value: currency marks, 大写/小写, brackets
_RE_TEMPLATE_MARK = re.compile(r"人民币|大写|小写|[￥¥（）()：:，,。；;、.．/]")


#: a field's value of two to six words between gaps with no gap left (室厨, 室厅卫): what a copy lost them from
_RE_LOST_GAPS = compile_pattern(r"\p{Han}{2,6}")
#: the longest label whose colon, a space and a clause's mark after it are an empty field (果园名称: ;)
LABEL_GAP_MAX = 8
#: the words of a place's parts, each after its name's gap (签订地点: 省市)
_PLACES = "省市县区乡镇村"


def _word_starts(core: str, ps: PatternSet) -> list[int]:
    """Where each of the template's words of ``core`` (all of them between-gap words) starts."""
    out, i = [], 0
    while i < len(core):
        w = _word_at(core, i, ps.between_words, ps)
        if w is None:
            return []
        out.append(i)
        i += len(w)
    return out


def _template_words_only(core: str, ps: PatternSet) -> bool:
    """Whether an underlined run's words are all the template's (units, 律师事务所, 人民币（大写）, a comma):
    nothing in it was written by a signer."""
    rest = _RE_TEMPLATE_MARK.sub(" ", core)
    for w in rest.split():
        i = 0
        while i < len(w):
            u = (
                _word_at(w, i, ps.units, ps)
                or _word_at(w, i, ps.blank_before, ps)
                or _word_at(w, i, ps.between_words, ps)  # 房屋规格:室厨 — what stood between the gaps
            )
            if u is None:
                return False
            i += len(u)
    return True


_RE_CELL_LABEL = compile_pattern(r"\p{Han}{2,6}")


def _unit_cell(text: str, ps: PatternSet) -> bool:
    """Whether a table cell holds a unit and nothing else: 元, 元/月, 平方米."""
    parts = text.strip(SPACE).split("/")
    return all(p and _word_at(p, 0, ps.units, ps) == p for p in parts)


def _unchosen_options(text: str, hits: list[_Hit], ps: PatternSet) -> None:
    """☑无抵押 □有抵押，抵押权人：____ — a blank that follows an unticked box, on a line where another box
    is ticked, belongs to an option not chosen: ``na``."""
    boxes = [(i, ch in ps.checked) for i, ch in enumerate(text) if ch in ps.checked or ch in ps.unchecked]
    starts = [i for i, _ in boxes]
    for h in hits:
        if h.kind == "checkbox" or h.status != "empty":
            continue
        k = bisect.bisect_right(starts, h.start) - 1
        if k >= 0 and not boxes[k][1]:
            h.status = "na"


def _is_role(label: str, ps: PatternSet) -> bool:
    """甲方, 承租方（乙方）, 乙方一: a role that opens a party block (its name is the parties' to judge)."""
    bare = _RE_BRACKETED.sub("", label).rstrip("一二三四五六七八九十0123456789")
    return bare in ps.ordinal_roles or bare in ps.named_roles


def _closed(follow: str, hm: HeadingMatch | None, ps: PatternSet) -> bool:
    """Whether the next line (``hm``: its heading, if any) starts something new, so a ``label：`` ending the
    line above is not continued there: the end, a heading of an article or above, a signature cue, or a
    line of its own label."""
    t = follow.strip(SPACE)
    if not t:
        return True
    if hm is not None and hm.rank <= 5:
        return True
    flat = squash(t)
    if len(flat) <= 24 and flat.endswith(("：", ":")) and ps.sign_word.search(flat):
        return True  # 法定代表人或委托代理人（签字）： — the next place to sign, too long a label for a field
    if is_title(t, ps):
        return True  # 合同编号： above 技术服务合同: the cover's field, then the title
    if (
        "简称" in t
        and len(t) <= PARTY_LINE_MAX
        and (m := RE_ALIAS_INSIDE.search(t))
        and not t[m.end() :].strip()
    ):
        return True  # 合同编号： above 房产所有人(以下简称“甲方”): a party's line, not the number
    # (a line of labels run together opens with a label too: 区 域:客户姓名:; and a known field's label
    # opens a line whose value runs on into the preamble: 合同签订时间: 年 月 日根据《…》…)
    lead = _RE_LONE_LABEL.match(t)
    return (
        _RE_FIELD.match(t) is not None
        or ps.signature.match(flat) is not None
        or bool(_label_row_hits(t, ps))
        or (lead is not None and _known_label(squash(lead.group("label")), ps))
    )


#: headings a line of words and a colon above them may be the title of (租赁期限及费用： / 第八条 …)
_TITLED_KINDS = frozenset({"part", "chapter", "section", "article"})


def _heading_colon_end(text: str, ps: PatternSet) -> int:
    """Where an article's label and its colon opening the line end (第十三条：…), or 0: that colon is the
    heading's, not a column's label's."""
    hm = match_heading(text, ps)
    if hm is None or hm.kind not in ("chapter", "section", "article"):
        return 0
    end = text.find(hm.label) + len(hm.label)
    return end + 1 if text[end : end + 1] in ("：", ":") else 0


def _empty_field(m: Any, text: str, ps: PatternSet, follow: str | None) -> bool:
    """Whether ``label：`` with nothing after it, closing its line or its column, is an empty blank.

    A list's or a sentence's opening (乙方应按下列要求完成工作：, 代理权限为：) is not, nor a role (甲方：), which
    opens a party block (the parties judge its name). A later column's label is. A label ending the line
    is when the next line does not continue it (付款方式： above its □ options), or, with the next line
    unknown, when it is a place to sign or a known party field (账号：)."""
    label = squash(m.group("label"))
    sign = ps.sign_word.search(label) is not None
    if not sign and (_is_role(label, ps) or ps.list_intro.search(label)):
        return False
    start = m.start("label")
    if m.start() > 0:
        # a later column's label, its value only beside it, after another column's label
        # (联系人：张三　　电话：), not words of a sentence before a gap (按下列第  1  种方式确定：);
        # the column before is looked at, not the whole line, so a long line stays linear
        lo = max(0, start - LABEL_WINDOW, _heading_colon_end(text, ps))
        before = text[lo:start]
        return "：" in before or ":" in before or ps.sign_word.search(before) is not None
    if follow is None:
        return sign or _known_label(label, ps)
    nxt = follow.strip(SPACE)
    if nxt.startswith("___") and not sign:
        return False  # 健康状况表述: over ______________: the line drawn under it is its blank
    if nxt and label.endswith(_GROUP_WORDS) and _RE_FIELD.match(nxt) and not sign:
        return False  # 寄养宠物情况: over 宠物名字:____ 年龄:____: the heading of the fields under it
    if sign and _RE_DATE_LEAD.match(nxt):
        return True  # 乙方签字: over ****年**月**日 / 年: the date to sign on, not a signature
    if ps.placeholder.match(nxt):
        # 法定代表人或授权代表： over {{甲方代表签字}}（签字/盖章）: the placeholder is the blank
        return False
    numbered = text[m.start() : start].strip(SPACE) != ""
    hm = match_heading(nxt, ps) if nxt else None
    if numbered and hm is not None:
        own = match_heading(text, ps)
        if own is not None and hm.kind != own.kind and hm.value == 1:
            return False  # (1)甲方义务: over 1、甲方应…: a list of another kind opens under it, its items
        if own is not None and hm.rank <= own.rank:
            return True  # （3）收款银行及地址： over （4）…: the next item, nothing written in this one
        if (
            own is not None
        ):  # 三、工程承建范围: over 1.施工内容:… (an item below it): its items are what it holds
            return False
    if numbered and _RE_FIELD.match(nxt) and not _RE_ITEM_LEAD.match(nxt):
        return False  # 4. 收款账户： over 户名：… — an item whose parts are the lines after it
    if hm is not None and hm.kind in _TITLED_KINDS and not numbered and not sign:
        if field_key(label, ps) == "other":
            return False  # 租赁期限及费用： over 第八条 …: the title of the articles below, not a field
    return _closed(follow, hm, ps)


#: numbered slots with nothing after their numbers (1. 2. / 1、 2、)
_RE_NUMBER_SLOTS = compile_pattern(r"(?:[1-9][.．、][ \u3000]*){2,5}")
_RE_SLOT = compile_pattern(r"[1-9][.．、]")
#: the words that close a heading over a group of fields (寄养宠物情况:, 车辆信息:)
_GROUP_WORDS = ("情况", "信息", "资料", "基本情况")


def _heads_below(text: str, follow: str) -> bool:
    """Whether a label alone on its line has its blank or its fields on the next line: a line drawn under
    it (健康状况表述: / ______), or the fields of the group it heads (寄养宠物情况: / 宠物名字:____)."""
    m = _RE_LONE_LABEL.fullmatch(text)
    if m is None or not follow:
        return False
    return follow.startswith("___") or (
        m.group("label").endswith(_GROUP_WORDS) and _RE_NEXT_LABEL.match(follow) is not None
    )


#: a few English words, the label's translation in a bilingual form
_RE_ENGLISH_WORDS = re.compile(r"[A-Za-z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*){0,4}")


#: a line of a bilingual form that gives a field in English: Legal representative: Zengqiang Lin
_RE_ENGLISH_FIELD = re.compile(
    r"[ \u3000]*(?P<label>[A-Za-z][A-Za-z .'/-]{0,30}?)[ ]*[:：][ \u3000]*(?P<value>[^\s_].{0,119}?)[ \u3000;；]*"
)


#: an abbreviation's full stop closing an English value: Co., Ltd. / Inc. / No.
_RE_ABBREVIATION = re.compile(r"\b(?:Ltd|Co|Inc|Corp|No|St|Rd|Ave|Jr|Sr|LLC|L\.L\.C|etc)\.$", re.IGNORECASE)


def _english_field_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """The value of an English field line of a bilingual form (Date of signing: April 15, 2021), under a label
    of ``ps.english_fields``; an empty one is the Chinese line's blank, not one more."""
    m = _RE_ENGLISH_FIELD.fullmatch(text)
    if m is None or m.group("label").strip().rstrip(".").lower() not in ps.english_fields:
        return []
    value = m.group("value")
    if value.endswith(".") and _RE_ABBREVIATION.search(value) is None:
        value = value[:-1]  # …, Shanghai City. — the sentence's full stop, not an abbreviation's (Co., Ltd.)
    a = m.start("value")
    return [_Hit(a, a + len(value), "field", value, "filled", label=m.group("label").strip())]


def _english_label(value: str, ps: PatternSet) -> bool:
    """Whether a value after a Chinese label is that label in English (Project Name, Date of Signing), a
    bilingual form's, not a value written in: a few English words, the last (or the first, before ``of``)
    a label's word."""
    if not _RE_ENGLISH_WORDS.fullmatch(value):
        return False
    words = value.lower().split()
    head = words[: words.index("of")] if "of" in words else words
    return len(words) >= 2 and bool(head) and head[-1] in ps.english_label_words


#: a heading's label and its colon with the next label right after it (五.签约费用:建档费:…)
_RE_CHAIN_HEAD = compile_pattern(
    r"[ \u3000]*(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[、．.])?\p{Han}{2,8}[：:]"
    r"(?=(?:[A-Za-z]{1,5})?\p{Han}[\p{Han}（）()/]{0,11}[：:])"
)


def _field_hits(text: str, ps: PatternSet, follow: str | None = None, *, chained: bool = False) -> list[_Hit]:
    """Values written after a short label (签订地点：杭州市): the filled form of a blank.

    Only form-like lines count: a short label at the start of the line (after any item number) or after
    a column gap, and a short value that is not a sentence. A label with nothing after it is an empty
    blank where :func:`_empty_field` says so (its span is the spaces after the colon, or none).
    ``chained``: ``text`` follows a heading's colon, where only a known field or an amount is a value.
    """
    out = []
    head = None if chained else _RE_CHAIN_HEAD.match(text)
    if head is not None:  # 五.签约费用:建档费:四百二十元 — a field right after a heading's colon
        for h in _field_hits(text[head.end() :], ps, follow, chained=True):
            h.start, h.end = h.start + head.end(), h.end + head.end()
            out.append(h)
    for m in _RE_FIELD.finditer(text):
        label = m.group("label")
        if match_heading(label, ps) is not None or ps.appendix.match(label):
            continue  # a heading's or an appendix's title, not a value
        if label.count("（") + label.count("(") > label.count("）") + label.count(")"):
            continue  # 详情见附件(注:以下内容…): the colon of a note opened before it, no label
        if m.group("dotted") and not _known_label(label, ps):
            continue  # 3.1 甲方的权利: — a clause's own title; 3.2 履行地点:长沙县 is a field (a known label)
        if m.group("run") is not None and not (_known_label(label, ps) or label.endswith(_TOTAL_WORDS)):
            continue  # …，双方约定如下: — a sentence's colon; …,检测费合计:1000元/样 is a field run on
        if not m.group("value").strip(SPACE):
            if chained:
                continue  # 工程名称:工程地点: — a chain of empty labels, read as such
            if _empty_field(m, text, ps, follow):
                out.append(_Hit(m.start("value"), m.end("value"), "field", None, "empty"))
            continue
        raw = m.group("value")
        if raw.lstrip(SPACE).startswith("_"):
            continue  # 地址：________市: the underscores are the blank (found as such), 市 the template's word
        if raw.lstrip(SPACE)[:1] in ("，", ",", "；", ";", "。"):
            gap = len(raw) - len(raw.lstrip(SPACE))
            if gap and len(squash(label)) <= LABEL_GAP_MAX:
                # 果园名称: ; — the gap a copy narrowed to a space, then the clause's mark: nothing written
                out.append(_Hit(m.start("value"), m.start("value") + gap, "field", None, "empty"))
            continue  # 合同总价款为人民币:,该价款为… — nothing before the sentence goes on (a collapsed blank)
        if text[m.end("value") :].lstrip(SPACE)[:1] in ("；", ";") and _RE_CLAUSE_COMMA.search(raw):
            continue  # 设计周期:15日内完成方案设计,方案确定后20日完成施工图;勘察周期:… — a clause, not a value
        lead = len(raw) - len(raw.lstrip(SPACE))
        if lead and (_unit_at(raw, lead, ps) or _word_at(raw, lead, ps.blank_before, ps)):
            places = raw.strip(SPACE + "_")
            if len(places) >= 2 and all(ch in _PLACES for ch in places) and _width(raw[:lead]) < 3:
                # 签订地点: 省市 — the gaps before each place word a copy narrowed or lost: one blank each
                a = m.start("value") + raw.find(places)
                out += [_Hit(a + i, a + i, "collapsed", None, "empty") for i in range(len(places))]
            continue  # 租金：　　　　元/月 — the words after the blank are its unit, not a value
        value = raw.strip(SPACE + "_")
        border = _RE_CELL_BORDER.search(value)
        if border is not None:  # 合计金额大写:叁佰…元整 | 二、服务要求: a table's cell ends at its border
            value = value[: border.start()]
        lost = _RE_LOST_BREAK.search(value)
        if lost is not None:  # 合同标的及金额明细:?? 序号: a line break the page lost; nothing before it
            value = value[: lost.start()]
        page = _RE_PAGE_MARK.search(value)
        if (
            page is not None
        ):  # 重庆市江北区 2014 年 2 月版 —1— 签约重要提示: a page's footer run on after the value
            foot = _RE_FOOTER_START.search(value, 0, page.start())
            value = value[: foot.start() if foot is not None else page.start()].rstrip(SPACE)
        if (
            not value
            or value.startswith(squash(label))
            or (len(value) >= 2 and squash(label).startswith(value))  # 特许经营期:特许经营 — a cut echo
            or any(ch in ps.boxes for ch in value)
            or _RE_GLUED_HEADING.search(value)
        ):
            # 合同标的及金额明细:合同标的及金额明细 序号 — the label again, over a table; □居民身份证 □护照 —
            # options to tick, read as their group; CSCG-2023071100132.合同标的及金额 — the next heading run on
            # (how many of the digits are its number, the text does not say)
            continue
        value = value.rstrip(SPACE + "；;，,")
        if value.endswith("。") and _RE_WORD.search(value) and not _RE_SENTENCE_PUNCT.search(value[:-1]):
            value = value[:-1].rstrip(SPACE)  # 租赁房屋地址：邵东县衡宝路 。 — a value and the full stop
        labels = label_run(value, ps)
        if labels and any(ch in value for ch in "、，,/／"):
            continue  # 本合同设计项目的内容:名称、工程地点 — a list of what to write, not a value
        if labels:
            # 毕业学校:专 业学历学位 — a form's next labels run on where a copy lost the gaps: this field
            # and each of them is empty
            a = m.start("value") + raw.find(value)
            out.append(_Hit(a, a, "collapsed", None, "empty"))
            out += [_Hit(a + i, a + i, "collapsed", None, "empty", label=w) for i, w in labels]
            continue
        if _english_label(value, ps):  # 1、项目名称：Project Name — a bilingual form's label, nothing written
            a = m.start("value") + raw.find(value) + len(value)
            out.append(_Hit(a, a, "field", None, "empty"))
            continue
        if _RE_AMOUNT_PAIR.fullmatch(value):
            continue  # 合同金额：伍拾壹万元整（¥510000）— an amount in words and in figures: each read as such
        if _RE_BARE_ALIAS.fullmatch(value) or RE_ALIAS_INSIDE.match(value):
            # 招聘方:简称甲方 / 承包人:(以下简称乙方)根据… — the name left out, only its alias
            a = m.start("value") + raw.find(value)
            out.append(_Hit(a, a, "field", None, "empty"))
            continue
        if squash(label) in ps.page_labels:
            continue  # 关键词:食堂承包合同 … — the web page's, not the contract's
        told = _NOTE.match(value)
        if told is not None and not any(_is_cjk(c) for c in value[told.end() :]):
            continue  # 乙方:(职工姓名) ID card No. — the form's instruction and an English label: nothing written
        if _RE_NUMBER_SLOTS.fullmatch(value):
            # 联系电话:1. 2. — numbered slots, each a place to write, none written in
            a = m.start("value") + raw.find(value)
            out += [_Hit(a + x.end(), a + x.end(), "field", None, "empty") for x in _RE_SLOT.finditer(value)]
            continue
        if (
            _NOTE.fullmatch(value)
            or _RE_DEFINITION.match(value)
            or ps.list_intro.search(squash(label))
            or (not ps.na.match(value) and _template_words_only(value, ps))
        ):
            # 产权证明：（见附件一） — a pointer; 特别委托：是指… — a definition; 双方确定：… — a sentence's
            # opening; 押金：人民币　　元 — the template's words before the blank: nothing written
            starts = _word_starts(value, ps) if _RE_LOST_GAPS.fullmatch(value) else []
            if len(starts) >= 3 or (len(starts) == 2 and all(ch in ps.room_words for ch in value)):
                # 房屋规格:室厨 / 地址:省市区 — a copy that lost the gap before each word: one blank each
                a = m.start("value") + raw.find(value)
                out += [_Hit(a + i, a + i, "collapsed", None, "empty") for i in starts]
            continue
        comma = _RE_CLAUSE_COMMA.search(value)
        head = normalize(value[: comma.start()]) if comma is not None else None
        if head is not None and (comma.start() <= FIGURE_HEAD_MAX or head.get("type") == "date"):
            # 服务期限:24个月,自2024年2月至2026年1月,具体以…: the figure (or the term) written in, then a
            # sentence about it; 项目总投资按 83082 万元控制(…),…: a sentence with a figure in it
            value = value[: comma.start()]
        amount = None if _RE_YEAR_LEAD.match(value) else _RE_AMOUNT_UNIT.fullmatch(value)
        if amount is not None and _unit_at(value, amount.start("unit"), ps):
            # 合计金额小写：¥ 60000.11 元 — the figure (or what a publisher left of it, ******.73); the
            # currency sign is the form's, the unit is read after it
            value = amount.group("num")
        note = ALIAS_NOTE.search(value)
        if note is not None and note.start() > 0:  # XX公司（以下简称“甲方”）
            value = value[: note.start()].rstrip(SPACE)
        seal = ps.sign_here.search(value)
        if seal is not None and seal.start() > 0 and not value[seal.end() :].strip(SPACE):
            value = value[: seal.start()].rstrip(SPACE)  # 麻城市第五中学 (签章): the name, then where to seal
        value = without_glued_date(value) or value
        if (
            not value
            or ps.sign_word.search(label)
            or (ps.sign_word.search(value) and len(value) <= 8)
            or value.endswith("。")
            or _RE_CLAUSE_VALUE.match(value)
            or _RE_PARTY_SENTENCE.match(value)  # 项目规模：乙方承诺对本项目的投资规模达到… — a clause
            or _RE_TIGHT_BRACKET.search(value)  # 拥有包括()品牌、设计: the template's words round a blank
            # (甲方通过互联网…销售可授权的品牌商品,乙方为甲方: a second clause about a party, a sentence)
            or (len(value) >= CLAUSES_MIN and _RE_PARTY_CLAUSE.search(value) is not None)
            or value.count("(") + value.count("（") > value.count(")") + value.count("）")
            # (施工内容:施工图纸所含的建筑、结构、电气(含 / 弱电埋管)…: a sentence the line break cut)
            or (len(value) > FIELD_VALUE_MAX and not _RE_LIST_VALUE.fullmatch(value))
        ):
            continue  # nothing written, a place to sign (its value is the signer), or a sentence
        if chained and not _known_label(label, ps) and (normalize(value) or {}).get("type") != "money":
            continue  # after a heading's colon only a known field or an amount is taken for a value
        price = _RE_PRICE_WORD.match(value)
        if price is not None:  # 全频音响:市场价800元/次 — the kind of price, then the figure written
            value = value[price.end() :]
        # where the value starts: after the spaces, and after a currency sign left out of it
        a = m.start("value") + raw.find(value, len(raw) - len(raw.lstrip(SPACE + "_")))
        two = _RE_TWO_RATES.fullmatch(value)
        if two is not None:  # 伙食标准:9元/天/人、270元/月/人 — two values, each as written
            out += [
                _Hit(a + two.start(g), a + two.end(g), "field", two.group(g), "filled") for g in ("a", "b")
            ]
            continue
        out.append(_Hit(a, a + len(value), "field", value, "na" if ps.na.match(value) else "filled"))
    return out


#: the kind of price before a figure after a label (市场价800元/次): words of the form, not the value
_RE_PRICE_WORD = compile_pattern(r"(?:市场|优惠|原|现|售|单|零售|批发)价(?:格)?[为是]?(?=[0-9¥￥])")
_RATE = rf"{_FIGURE}万?元(?:/[\u4e00-\u9fff]{{1,3}}){{0,3}}"
#: two amounts or rates after one label, a list's comma between them
_RE_TWO_RATES = compile_pattern(rf"(?P<a>{_RATE}){_S}[、，,;；]{_S}(?P<b>{_RATE})")


@cache
def _ordinal_alternation(ps: PatternSet) -> str:
    """The ordinal roles (甲方, 乙方 …) as one regex alternation, the longest first."""
    return "|".join(re.escape(r) for r in sorted(ps.ordinal_roles, key=len, reverse=True))


def _in_cover(locator: Locator, line: int) -> bool:
    """Whether a line is on the cover page, before the title the body opens with."""
    chain = locator.chain(line)
    return bool(chain) and chain[0].kind == "cover"


def _in_opening(locator: Locator, line: int) -> bool:
    """Whether a line is in the title, cover or preamble: before the clauses."""
    chain = locator.chain(line)
    return bool(chain) and chain[0].kind in ("title", "cover", "preamble")


def _in_signature(locator: Locator, line: int) -> bool:
    chain = locator.chain(line)
    return bool(chain) and chain[0].kind == "signature"


@cache
def _re_role_row(ps: PatternSet) -> Any:
    """Two parties' labels or more side by side with nothing after them (甲方:乙方:, 甲方：　　　乙方：,
    包机人: 承运人:)."""
    roles = "|".join(re.escape(r) for r in ps.roles_longest_first)
    # (甲方:(章)乙方:(章) — the instruction to seal after the colon, the place to seal its gap)
    one = (
        rf"(?:{roles})(?:[（(][^（）()]{{0,14}}[）)])?[ \u3000]*[：:][ \u3000]*"
        rf"(?:{ps.sign_here.pattern}[ \u3000]*)?"
    )
    return compile_pattern(rf"[ \u3000]*{one}(?:{one})+"), compile_pattern(r"[：:](?P<gap>[ \u3000]*)")


@cache
def _re_role_alone(ps: PatternSet) -> Any:
    """One party's label and its colon with nothing after it (甲方:)."""
    return compile_pattern(rf"[ \u3000]*(?:{_ordinal_alternation(ps)})[：:](?P<gap>[ \u3000]*)")


def _signing_row_hits(text: str, follow: str, ps: PatternSet) -> list[_Hit]:
    """In the signature block, a row of parties' labels with nothing after them, and nothing under them
    that names the parties (the end, a date or what is left of one, another label, the signers'
    instructions): each party's place to sign, empty."""
    row, colon = _re_role_row(ps)
    under = follow.strip(SPACE)
    dated = _RE_DATE_LEAD.match(under) is not None or _RE_DATE.match(under) is not None  # its date under it
    if not row.fullmatch(text):
        one = _re_role_alone(ps).fullmatch(text)
        # 甲方: over ____年__月__日, or over the next signer's label (乙方: / 甲方负责人:) — one party's place
        # to sign, nothing under it that names the party
        closed = one is not None and (dated or _closed(follow, match_heading(under, ps), ps))
        return [_Hit(one.end("gap"), one.end("gap"), "field", None, "empty")] if closed else []
    signers = _RE_SIGNERS_ROW.fullmatch(follow.strip(SPACE)) is not None and ps.sign_word.search(follow)
    if not signers and not dated and not _closed(follow, match_heading(follow.strip(SPACE), ps), ps):
        return []
    return [_Hit(m.start("gap"), m.end("gap"), "field", None, "empty") for m in colon.finditer(text)]


_RE_SIGNER = compile_pattern(r"\p{Han}{0,8}[（(][\p{Han}、/或及和]{2,12}[）)]")


def _signers_row_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """A row of the signers' titles and instructions alone (代表(签名、盖章)代表(签名、盖章), 甲方(盖章)), in the
    signature block: each signer's place, empty, after the instruction."""
    flat = text.strip(SPACE)
    if _RE_SIGNERS_ROW.fullmatch(flat) is None or "：" in flat or ":" in flat:
        return []
    found = [m for m in _RE_SIGNER.finditer(text) if ps.sign_word.search(m.group())]
    if not found or (len(found) == 1 and found[0].group()[:1] in "（("):
        return []  # （盖章） alone: the instruction of the place on the line above, not a place of its own
    return [_Hit(m.end(), m.end(), "field", None, "empty", label=squash(m.group())) for m in found]


@cache
def _re_bracketed_sign(ps: PatternSet) -> Any:
    """A signer's label and its colon in brackets, closed with nothing after it: （经办人签字：）."""
    return compile_pattern(rf"[（(]\p{{Han}}{{0,16}}(?:{ps.sign_alternation})[：:](?P<gap>[ \u3000]*)[）)]")


_RE_FIELD_HEAD = compile_pattern(
    r"[ \u3000]*\p{Han}[\p{Han}（）()]{0,11}[：:][ \u3000]*(?P<value>[^：:\s]{3,60})[：:]"
)


def _glued_label_field(text: str, ps: PatternSet) -> tuple[str, int] | None:
    """A party's label and its colon glued to the end of a field's value, closing the line with nothing
    after it (甲方:张夏镇王庄村民委员会代表人:): (the label, where its empty value is), or None."""
    m = _RE_FIELD_HEAD.match(text)
    if m is None or text[m.end() :].strip(SPACE):
        return None
    value = m.group("value")
    label = next((w for w in ps.party_labels_longest if value.endswith(w) and len(value) - len(w) >= 2), None)
    return (label, m.end()) if label else None


#: a line of nothing but labels and their colons (甲方签名:乙方签名: / 日期: 日期: / 区 域:客户姓名: /
#: 姓名:,性别:民族:), two columns or fields a copy ran together, each with nothing written after it
_RE_ROW_LABEL = compile_pattern(
    r"[ \u3000，,]*(?P<label>\p{Han}(?:[ \u3000]{0,4}\p{Han}){0,9}(?:[（(][^（）()：:]{1,12}[）)])?"
    r"|\p{Han}{1,6}[（(][^（）()：:]{1,12}[）)]\p{Han}{1,6})"
    r"[ \u3000]*[：:](?P<gap>[ \u3000]*)"
)
#: the most labels a row of them holds (more is a list, not a row of fields)
LABEL_ROW_MAX = 6


def _label_row_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """Each label of a line of empty labels (甲方签名:乙方签名:) as an empty blank after its colon: one per
    label, where a single field's reading sees only the last one."""
    if not text.rstrip(SPACE).endswith(("：", ":")):
        return []  # (a row of labels ends with a colon: most lines are looked at no further)
    hm = match_heading(text.strip(SPACE), ps)
    if hm is not None and not hm.kind.startswith("item"):
        return []  # a heading's title
    # (2、甲方开户行:帐号: — a list's item of empty labels: read after its number)
    at = text.find(hm.label) + len(hm.label) if hm is not None else 0
    pieces = []
    while at < len(text) and len(pieces) <= LABEL_ROW_MAX:
        m = _RE_ROW_LABEL.match(text, at)
        if m is None:
            return []
        pieces.append(m)
        at = m.end()
    if not 2 <= len(pieces) <= LABEL_ROW_MAX:
        return []
    labels = [squash(m.group("label")) for m in pieces]
    if any(ps.list_intro.search(w) or ps.appendix.match(w) for w in labels):
        return []  # 双方约定如下：…: a sentence's colon, no field
    if all(_is_role(w, ps) for w in labels):
        return []  # 甲方：　　乙方： — the parties' columns, named below or signed: the signing row's to say
    out = []
    for i, (m, w) in enumerate(zip(pieces, labels, strict=True)):
        nxt = labels[i + 1] if i + 1 < len(labels) else None
        if nxt is not None and _is_role(w, ps) and not _is_role(nxt, ps) and not _known_label(nxt, ps):
            continue  # 乙方:张夏镇王庄村村民: — the role, then words that say who signs: one place
        out.append(_Hit(m.start("gap"), m.end("gap"), "field", None, "empty", label=w))
    return out


@cache
def _re_role_values(ps: PatternSet) -> Any:
    """A label, then each party's value after its role (项目负责人:甲方:吕伟,乙方:蒋建辉)."""
    roles = _ordinal_alternation(ps)
    return compile_pattern(
        rf"(?:^|(?<=[ \u3000]{{2}}))(?:[0-9]{{1,2}}[、．.])?(?P<label>\p{{Han}}{{2,10}})[：:][ \u3000]*"
        rf"(?=(?:{roles})[：:])"
    ), compile_pattern(
        rf"(?P<role>{roles})[：:][ \u3000]*(?P<value>[^：:，,；;。\s]{{1,30}})[ \u3000]*[，,；;。]?"
    )


def _role_value_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """One field written for each party in turn (项目负责人:甲方:吕伟,乙方:蒋建辉): each party's value, named
    by its role and the label (甲方项目负责人). Two parties at least, or it is no such list."""
    head, pair = _re_role_values(ps)
    out = []
    for m in head.finditer(text):
        pos, found = m.end(), []
        while (p := pair.match(text, pos)) is not None:
            found.append(p)
            pos = p.end()
        if len(found) >= 2 and not text[pos:].strip(SPACE + "。"):
            out += [
                _Hit(p.start("value"), p.end("value"), "field", p.group("value"), "filled",
                     label=p.group("role") + m.group("label"), party=p.group("role"))
                for p in found
            ]  # fmt: skip
    return out


def _spaced_lead_hit(text: str, m: Any, ps: PatternSet) -> _Hit | None:
    """The field of a letter-spaced label opening a line with no colon: its value the rest of the line (a
    name, a place), or empty when nothing follows; only for a label hetong knows or a party's role."""
    run = m.group("label")
    # the longest known label the letter-spaced run opens with (签 订 地 点 山东省…: 签订地点, then the value)
    for n in range((len(run) + 1) // 2, 2, -1):
        label = run[: 2 * n - 1].replace(" ", "")
        if _known_label(label, ps) or _is_role(label, ps):
            break
    else:
        return None
    end = m.start("label") + 2 * n - 1
    if _RE_DATE_LEAD.match(text, end):
        return None  # (签 订 日 期 年 月 日: the date's own form reads it)
    rest = text[end:]
    value = rest.strip(SPACE)
    if not value:
        return _Hit(len(text.rstrip(SPACE)), len(text.rstrip(SPACE)), "field", None, "empty", label=label)
    if len(value) > FIELD_VALUE_MAX or _RE_SENTENCE_PUNCT.search(value) or _RE_CELL_GAP.search(value):
        return None
    a = end + rest.find(value)
    return _Hit(a, a + len(value), "field", value, "filled", label=label)


def _known_label(label: str, ps: PatternSet) -> bool:
    """A party's field or the contract's (地址, 履行地点, 合同编号): a label hetong knows."""
    return squash(label) in ps.contract_fields or field_key(label, ps) != "other"


#: a field written inside brackets in a sentence: …东岗办公区(地址:肇庆市端州区东岗东路3号)、…, or left empty
#: there ((大写:))
_RE_BRACKET_FIELD = compile_pattern(
    r"[（(](?P<label>\p{Han}{2,8})[：:](?P<gap>[ \u3000]*)"
    r"(?P<value>[^（）()：:。；;\s][^（）()：:。；;]{0,59})?[）)]"
)
#: words that point elsewhere instead of giving the value (地址：见附件一)
_POINTER = ("见", "详见", "参见", "另见")


def _bracket_field_hits(text: str, ps: PatternSet) -> list[_Hit]:
    """Fields written in brackets inside a sentence, under a label hetong knows (地址, 联系电话, 合同编号);
    such a field with nothing in it (（大写:）) is an empty blank."""
    out = []
    for m in _RE_BRACKET_FIELD.finditer(text):
        label = m.group("label")
        if not _known_label(label, ps):
            continue
        if m.group("value") is None:  # （大写:）
            out.append(_Hit(m.start("gap"), m.end("gap"), "field", None, "empty", label=label))
            continue
        value = m.group("value").rstrip(SPACE)
        if (
            ps.placeholder.fullmatch(value)
            or _template_words_only(value, ps)
            or "_" in value
            or value.startswith(_POINTER)
        ):
            continue  # (地址：____) — the blank is found as such; (地址：见附件) — a pointer
        amount = None if _RE_YEAR_LEAD.match(value) else _RE_AMOUNT_UNIT.fullmatch(value)
        if amount is not None and _unit_at(value, amount.start("unit"), ps):
            value = amount.group("num")  # (小写:129000元): the figure; its unit is read after it
        status = "na" if ps.na.match(value) else "filled"
        out.append(_Hit(m.start("value"), m.start("value") + len(value), "field", value, status, label=label))
    return out


def _spaced_field_hits(text: str, ps: PatternSet, follow: str | None) -> list[_Hit]:
    """:func:`_field_hits` of the line, or of each field of a line of fields typed one space apart
    (采购方式: 公开招标 合同类型:服务类), the last one told about the next line."""
    windows = spaced_fields(text, ps)
    if not windows:
        return _field_hits(text, ps, follow)
    out = []
    for a, b in windows:
        for h in _field_hits(text[a:b].rstrip(" "), ps, follow if b == len(text) else None):
            h.start += a
            h.end += a
            out.append(h)
    return out


UNIT_WINDOW = 12


def _unit(after: str, ps: PatternSet) -> str | None:
    a = after.lstrip(SPACE)
    if len(after) - len(a) > 2:
        return None  # a column gap, not the space before a unit
    u = _unit_at(a, 0, ps)
    if u in RATE_BASES:  # 2100 元/每亩, 1480 元/孔, ____元/月: an amount for each of something
        at = len(u)
        while at < len(a) and a[at] in "/／":
            per = _rate_per(a, at + 1, ps)
            if not per:
                break
            at += 1 + per
        return a[:at]  # (the unit as written: 元/每亩, 元/人/月)
    return u


#: the units an amount is given in, which a rate divides by what it is for (元/亩, 万元/年)
RATE_BASES = ("元", "万元", "美元")
_RE_LATIN_UNIT = compile_pattern(r"(?:[A-Za-z]{1,3}[²³23]?|[㎡㎥])(?![A-Za-z])")


def _rate_per(text: str, i: int, ps: PatternSet) -> int:
    """How long what a rate is for runs at ``text[i]`` (亩, 每亩, 月, 孔, m³, 平方米), or 0."""
    j = i + 1 if text[i : i + 1] == "每" else i
    latin = _RE_LATIN_UNIT.match(text, j)
    if latin is not None:
        return latin.end() - i
    unit = next((w for w in ps.units if text.startswith(w, j)), None)
    return j + len(unit) - i if unit else 0


def _phrase_start(text: str, start: int, stops: str, lo: int = 0) -> int:
    """Where the clause or sentence holding ``start`` begins: after the last of ``stops`` before it, and
    not before ``lo``."""
    return max(lo, max((text.rfind(c, lo, start) for c in stops), default=-1) + 1)


def _topic(text: str, start: int, end: int, ps: PatternSet, *, prefer_phrase: bool = False) -> str | None:
    """The topic a blank belongs to, from the keywords of its sentence.

    ``违约金为……的____%``: a keyword that is the subject (followed by 为/是/按) names the blank;
    ``____%作为预付款``: so does one introduced by 作为 right after it; otherwise the nearest keyword,
    one after the blank counting a little farther, and ``总价款的____`` (the base of a ratio) not at all.
    With ``prefer_phrase`` (a short noun phrase stands right before the blank: ``门禁卡（  ）张``) a
    keyword beyond a comma does not count.
    """
    s0 = _phrase_start(text, start, _SENTENCE_STOP)
    ends = [i for i in (text.find(c, end) for c in _SENTENCE_STOP) if i >= 0]
    s1 = min(ends) if ends else len(text)
    before, after = text[s0:start], text[end:s1]
    # (a measure word that may open a word counts here: ____台空调 counts 台)
    unit = _unit(after, ps) or (m if (m := after.lstrip(SPACE)[:1]) in ps.units_word_start else None)
    # a keyword that is not the blank's subject names it only when the blank counts what the topic does
    # (甲方负责维修的____台空调: no 修复期限; a blank with no unit, a date or a name, may be any topic's)
    fits = {t.label for t in ps.topics if not t.units or unit is None or unit in t.units}
    best: tuple[int, int, str] | None = None
    # the keywords found before the blank, each with where it is: one inside a longer keyword's place
    # (期限自 in 租赁期限自) gives way to it
    found = [
        (i, i + len(kw), topic.label)
        for topic in ps.topics
        for kw in topic.keywords
        if (i := before.rfind(kw)) >= 0
    ]
    for i, k, label in found:
        if any(a <= i and k <= b and b - a > k - i for a, b, _ in found) or any(
            a < i < b < k for a, b, _ in found
        ):
            continue
        tail = before[k:]
        if tail[:1] in ("为", "是", "按", "：", ":"):
            cand = (0, len(tail), label)
        elif tail == "的" or "：" in tail or ":" in tail:
            cand = None  # the base of a ratio, or a keyword that a list's colon moved away from
        elif (prefer_phrase and any(c in tail for c in "，,；;")) or label not in fits:
            cand = None
        else:
            cand = (2, len(tail), label)
        if cand is not None and (best is None or cand < best):
            best = cand
    for topic in ps.topics:
        if topic.label not in fits:
            continue
        for kw in topic.keywords:
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
    s0 = _phrase_start(text, start, _CLAUSE_STOP + "_")
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
    head = _RE_BRACKETED.sub("", text[:start])
    m = _LABEL_BEFORE.search(head)
    if m and sum(1 for ch in m.group("label") if _is_cjk(ch)) >= 2:
        label = squash(m.group("label")).lstrip("）)")  # (2)工程量: the item's number is no part of it
        if m.start() > 0 and _is_cjk(head[m.start() - 1]):  # the label's cap cut a sentence
            label = _word_start(squash(head[: m.end("label")]), len(label), ps)
        return label
    phrase = _local_phrase(text, start, ps)
    topic = _topic(text, start, end, ps, prefer_phrase=2 <= len(phrase) <= 6)
    if topic:
        return topic
    if len(phrase) >= 2:
        return _word_start(phrase, LABEL_MAX, ps)
    if not text[end:].strip(SPACE + "。；;，,"):
        return None  # the blank is the whole line: the heading it stands under names it
    ends = [i for i in (text.find(c, end) for c in _CLAUSE_STOP) if i >= 0]
    after = squash(text[end : min(ends) if ends else len(text)]).strip("_")
    return after[:LABEL_MAX] if len(after) >= 2 else None


#: the most characters of a label taken from the words before a blank
LABEL_MAX = 12


def _word_start(words: str, size: int, ps: PatternSet) -> str:
    """The last ``size`` characters of ``words`` as a label that does not open inside a word: a party's
    role cut in two takes its first character back (方提供上述协作事项… -> 甲方提供上述协作事项…), a
    label that would open mid-phrase opens after a word that leads into it (求进行本合同项目的技术咨询
    工作 -> 本合同项目的技术咨询工作)."""
    if len(words) <= size:
        return words
    cut = len(words) - size
    if words[cut - 1 : cut + 1] in ps.ordinal_roles or words[cut - 1 : cut + 1] == "双方":
        return words[cut - 1 :]
    head = words[cut : cut + LABEL_OPENER_REACH]
    ends = [head.find(w) + len(w) for w in ps.label_openers if w in head]
    at = min(ends, default=0)
    return words[cut + at :] if len(words) - cut - at >= 2 else words[cut:]


#: how far into a cut label a word that leads into it is looked for
LABEL_OPENER_REACH = 5


#: how far around a blank its label is looked for: a label is in its own clause, and a bound keeps a long
#: line (a PDF or a web page flattened to one line) linear
LABEL_WINDOW = 100


def _label_near(text: str, start: int, end: int, ps: PatternSet) -> str | None:
    w0 = max(0, start - LABEL_WINDOW)
    return _label(text[w0 : end + LABEL_WINDOW], start - w0, end - w0, ps)


def _placeholder_label(text: str, h: _Hit, ps: PatternSet) -> str | None:
    """A placeholder names what goes in it ({{甲方代表签字}}, ${buyer_name}, 【请填写租金】): that name is its
    label. The placeholders of one date ({{签订年}}年{{签订月}}月…) take the words before them (签订日期)."""
    written = text[h.start : h.end]
    if written.count("{{") > 1 or written.count("${") > 1:
        return _label_near(text, h.start, h.end, ps)
    name = _placeholder_name(written)
    name = re.sub(r"^(?:请|此处)?(?:填写|填入|输入|录入|补充)", "", name)
    return name[:20] if name and not set(name) <= set("XxＸｘ×年月日") else None


def _title_label(chain: tuple[Node, ...], value: str | None = None) -> str | None:
    """The nearest heading title that says something, for a blank with no words around it. An item whose
    whole text is the value written in ((1)乙方按照……开展现状评估工作； underlined) is no name for it: the
    heading it stands under is (1．咨询内容：)."""
    written = squash(value or "")
    for node in reversed(chain):
        title = squash(node.title).strip("_。；;，,：:")
        if written and title and (written.startswith(title) or title.startswith(written)):
            continue
        if len(title) >= 2 and node.kind not in ("preamble", "signature", "cover"):
            return title[:20]
    return None


def _party_field_hits(text: str, hits: list[_Hit], spans: Iterable[tuple[int, int]]) -> list[_Hit]:
    """A party block's field that the parties found empty and no form of blank covers: 账号： closing
    its line with prose after it (the block, not the next line, says it asks for a value)."""
    out = []
    for a, b in spans:
        if text[a:b].strip(SPACE + "_\t年月日") or any(h.start <= b and h.end >= a for h in hits):
            continue
        out.append(_Hit(a, b, "field", None, "empty"))
    return out


def _group_options(per_line: list[tuple[Line, list[_Hit]]], ps: PatternSet) -> None:
    """Consecutive lines of checkbox options (☑一般代理 / □特别授权代理) are one question: when one of
    them is ticked, the unticked lines are options not chosen (``na``), not questions left empty; when
    none is, the question is one empty blank (on its first option's line), not one per option."""
    group: list[tuple[_Hit, list[_Hit]]] = []

    def close() -> None:
        if len(group) < 2:
            return
        if any(h.status == "filled" for h, _ in group):
            for h, _ in group:
                if h.status == "empty":
                    h.status = "na"
        else:
            for h, hits in group[1:]:
                hits.remove(h)

    column: tuple[int, int] | None = None  # (table, column) of a group down a table's column
    for line, hits in per_line:
        cb = next((h for h in hits if h.kind == "checkbox"), None)
        cell = line.cell
        if (
            group
            and column is not None
            and cell is not None
            and cell[0] == column[0]
            and cell[2] != column[1]
        ):
            continue  # another column's cell between the options of one column (数据产权的类型 | 权利范围)
        if cb is None:
            close()
            group = []
        elif group and _RE_OPTION_LEAD.fullmatch(line.text, 0, cb.start):
            group.append((cb, hits))  # an option line: its box starts the line, after any item number
        else:
            close()
            group = [(cb, hits)]
            # a cell of one box is one option of a question down its column; a cell of several, its own
            single = sum(ch in ps.checked or ch in ps.unchecked for ch in line.text) == 1
            column = (cell[0], cell[2]) if cell is not None and single else None
    close()


#: kinds of an empty blank whose writing room an underline may carry on
_ROOM = ("underline", "spaces", "underscore", "field")


#: a line of only a label and its colon (工程名称:, （二）发包人：)
_RE_LONE_LABEL = compile_pattern(
    r"[ \u3000]*(?:[（(]?[一二三四五六七八九十0-9]{1,3}[）)、.．]?[ \u3000]*)?"
    r"(?P<label>\p{Han}[\p{Han}（）()]{1,11})[ \u3000]*[：:][ \u3000]*"
)
#: the longest value taken from the line under a lone label
BELOW_VALUE_MAX = 40


_RE_WORDY = compile_pattern(r"\p{Han}|[A-Za-z0-9]{2}")


#: how long a line of underscores alone between empty lines must be to be a printed rule
RULE_MIN = 20


def _rule_line(line: Line, by_no: dict[int, Line]) -> bool:
    """Whether a line is a long run of underscores alone, with an empty line above and below it: a rule a
    cover draws round its title, not the writing room under a label (which follows the label's line)."""
    flat = line.text.strip(SPACE)
    if len(flat) < RULE_MIN or flat.strip("_") or line.underlines:
        return False
    return all(not (by_no[n].text.strip() if n in by_no else "") for n in (line.no - 1, line.no + 1))


#: how many lines a title wrapped under a cover's label may take
TITLE_LINES_MAX = 3


def _title_below(body: list[Line], i: int, ps: PatternSet) -> bool:
    """Whether the lines from ``body[i]`` are a title a cover wrapped over two or three lines (北京特定地铁线路
    票款收益权 / 专项资产管理计划 / 基础资产买卖协议): joined, they make one, the last line ends in a title word."""
    joined = ""
    for ln in body[i : i + TITLE_LINES_MAX]:
        joined += squash(ln.text)
        if len(joined) > len(squash(body[i].text)) and is_title(joined, ps):
            return True
    return False


def _values_below(body: list[Line], ps: PatternSet) -> dict[int, str]:
    """The lines holding the value of the lone label above them (工程名称: / 番禺区化龙镇成人文化技术学校…),
    by line, with the label: a short line of one piece, no colon, no heading, no sentence, with no more
    than an empty line between (a cover page laid out label over value)."""
    out = {}
    for i, (above, ln) in enumerate(zip(body, body[1:], strict=False)):
        if ln.no - above.no > 2 or ln.cell is not None or above.cell is not None:
            continue
        m = _RE_LONE_LABEL.fullmatch(above.text)
        if m is not None and _title_below(body, i + 1, ps):
            continue  # 协议编号: over 北京特定地铁线路票款收益权 / 专项资产管理计划 / 基础资产买卖协议: the title
        t = ln.text.strip(SPACE)
        if (
            m is None
            or ps.list_intro.search(squash(m.group("label")))
            or not 0 < len(t) <= BELOW_VALUE_MAX
            or any(ch in t for ch in "：:。；;，,□☐☑")
            or _RE_WORDY.search(t) is None  # |(1): a table's debris, a list's number
            or "简称" in t  # 合同编号: over 房产所有人(以下简称“甲方”): the party's line, not the number
            or ps.placeholder_name.match(t) is not None  # 见证人: over 村委会: the next signer, no name
            or "《" in t  # 承包方(乙方): over 甲乙双方根据《…法》…: the preamble, not the name
            or ps.preamble_openers.match(t) is not None
            or _RE_CELL_GAP.search(t) is not None  # two pieces: 开户行    账号
            or t.count(" ") + t.count("\u3000")
            >= 2  # a table's header, a letter-spaced title (担 保 物 清 单)
            or match_heading(t, ps) is not None
            or _RE_LONE_LABEL.fullmatch(t) is not None
            or is_title(t, ps)  # 合同编号: over the title: the number is empty
            or t.startswith(ps.ordinal_roles + ps.named_roles)  # 统一社会信用代码: over 乙方（服务方）
            or _known_label(t, ps)  # 项目联系人: over 联系方式: the next label
        ):
            continue
        out[ln.no] = squash(m.group("label"))
    return out


def _in_label_run(line: Line, above: tuple[Line, list[_Hit]], follow: str, ps: PatternSet) -> bool:
    """Whether a label alone on its line (车牌号:) is the last of a run of empty labels, each alone on its
    line (发动机号: / 车架号:): a field like them, whatever line follows, unless options to tick do; a
    role (发包人:) or a heading (合同当事人:) is none."""
    prev, hits = above
    m = _RE_LONE_LABEL.fullmatch(line.text)
    label = squash(m.group("label")) if m is not None else ""
    return (
        m is not None
        and not _is_role(label, ps)
        and not ps.list_intro.search(label)
        and line.no - prev.no <= 2
        and m.start("label") == len(line.text) - len(line.text.lstrip(SPACE))  # (no list number before it)
        and len(hits) == 1
        and hits[0].kind == "field"
        and hits[0].status == "empty"
        and _RE_LONE_LABEL.fullmatch(prev.text) is not None
        and not any(c in follow for c in "□☐☑■")
    )


#: how long a line must be to have been wrapped by a page (a shorter one ended where its author ended it)
WRAPPED_MIN = 24
#: how long the rest of a wrapped sentence on the next line may be
WRAP_TAIL_MAX = 40
#: what a line ends with when its author ended it there
_SENTENCE_CLOSE = '。；;：:，,、）)】]”"！!？?'


def _wrapped_on(text: str, follow: str | None, ps: PatternSet) -> bool:
    """Whether a line is a sentence a page wrapped: long, ending in no punctuation, and the next line is the
    sentence's rest (no heading, label or party, a short run ending the sentence)."""
    body = text.rstrip(SPACE)
    nxt = (follow or "").strip(SPACE)
    return (
        len(body) >= WRAPPED_MIN
        and body[-1] not in _SENTENCE_CLOSE
        and 0 < len(nxt) <= WRAP_TAIL_MAX
        and nxt[-1] in "。；;"
        and "：" not in nxt[:16]
        and ":" not in nxt[:16]
        and match_heading(nxt, ps) is None
        and not nxt.startswith(ps.ordinal_roles + ps.named_roles)
    )


def _wrapped_dates(body: list[Line]) -> dict[int, int]:
    """Where an empty date broken over lines starts (its 年), by line: a line closing with 年 over a line of
    only 月 (and 日), or of 月 over one of 日."""
    out = {}
    for i, ln in enumerate(body[:-1]):
        y = _RE_YEAR_AT_END.search(ln.text)
        mo = _RE_MONTH_LINE.fullmatch(body[i + 1].text) if y is not None else None
        if mo is not None and (
            mo.group("day") or (i + 2 < len(body) and _RE_DAY_LINE.fullmatch(body[i + 2].text))
        ):
            out[ln.no] = ln.text.rindex("年")
    return out


def _drop_continuations(per_line: list[tuple[Line, list[_Hit]]], ruled: set[int], ps: PatternSet) -> None:
    """One place, one blank: an empty underline that only carries on the room of the blank before it is
    no blank of its own — after the previous one with nothing but spaces between (the two halves of a
    long underline), or at the start of a line when the line above ends in an empty blank or in an
    underline written or struck out (a field whose underline wraps: 通讯地址：________ / ________), over
    any ``ruled`` lines (only an underline: the lines of a writing area)."""
    prev: tuple[Line, list[_Hit]] | None = None
    for line, hits in per_line:
        text = line.text
        keep: list[_Hit] = []
        for h in hits:
            if (
                h.kind == "underline"
                and h.status == "empty"
                and not ps.sign_word.search(text, h.end, h.end + 8)
            ):
                last = keep[-1] if keep else None
                if last is not None:
                    if (
                        last.status == "empty"
                        and last.kind in _ROOM
                        and not text[last.end : h.start].strip(SPACE + "_")
                    ):
                        continue
                elif (
                    not text[: h.start].strip(SPACE)
                    and prev is not None
                    and all(n in ruled for n in range(prev[0].no + 1, line.no))
                ):
                    above, above_hits = prev
                    end = above_hits[-1] if above_hits else None
                    if (
                        end is not None
                        and end.kind in _ROOM
                        # a struck-out or written underline wraps as well (应当  /  ↵ （计算方法）)
                        and (end.status == "empty" or end.kind == "underline")
                        and not above.text[end.reach or end.end :].strip(SPACE)
                    ):
                        continue
            elif (
                h.kind == "underline"
                and h.status == "filled"
                and not keep
                and not text[: h.start].strip(SPACE)
                and prev is not None
                and prev[0].no + 1 == line.no
                and prev[1]
                and _written_to_end(prev[0], prev[1][-1])
            ):
                # a sentence the author wrote on, under a written answer that filled its line to the end
                # (（2）领取报告时付清余款。____ / 无论项目后续进展如何……): the same answer, not a blank of its own
                continue
            keep.append(h)
        hits[:] = keep
        prev = (line, hits)


def _written_to_end(line: Line, h: _Hit) -> bool:
    """Whether ``h`` is a written underline that runs to the end of its line."""
    return (
        h.kind == "underline"
        and h.status == "filled"
        and h.reach is not None
        and not line.text[h.reach :].strip(SPACE)
    )


#: the longest text of a table's column header (品牌/质地, 收费金额（元）, 学时单价（元/学时）)
HEADER_CELL_MAX = 16


def _header_row(cells: dict[int, str], ps: PatternSet) -> bool:
    """A row of column names: two or more short labels past the first column (whose cell may be empty: a
    category merged down the rows), none a sentence, a label with its value, a box or a place to sign."""
    names = [t for c, t in cells.items() if c > 0]
    return (
        len(names) >= 2
        and all(names)
        and all(len(t) <= HEADER_CELL_MAX and not t.isdigit() for t in names)
        and not any(_RE_TABLE_PUNCT.search(t) or any(ch in t for ch in BOX + "□☐☑■_") for t in names)
        and not any(ps.sign_word.search(t) for t in names)
    )


def _row_name(text: str, ps: PatternSet) -> bool:
    """Whether a cell names its row (电视机, 水费), not a number, a unit (元/月) or a date skeleton (年月日)."""
    return (
        bool(text)
        and not text.isdigit()
        and _unit_at(text, 0, ps) is None
        and _RE_BARE_DATE.search(text) is None
        and len(text) <= HEADER_CELL_MAX
    )


def _row_key(texts: dict[int, str], header: dict[int, str], col: int, ps: PatternSet) -> str:
    """The name of a cell's row: its first name cell (电视机, not the brand 格力 written after it); in a
    table of two halves side by side (项目 | 单位 | … | 项目 | 单位 | …), the name of the cell's own half."""
    names = [c for c in sorted(texts) if c < col and _row_name(texts[c], ps)]
    if not names:
        return ""
    first = next((c for c in names if c > 0), names[0])
    same = [c for c in names if c >= first and header.get(c) == header.get(first)]
    return texts[same[-1]] if header.get(first) else texts[first]


def _key_value_label(text: str, ps: PatternSet) -> bool:
    """Whether a cell holds only a field's label (名称, 联系电话：), as a two-column form has it."""
    bare = text.rstrip("：:")
    return len(bare) <= HEADER_CELL_MAX and (text != bare or field_key(bare, ps) != "other")


def table_cell_blanks(lines: list[Line], ps: PatternSet) -> dict[int, str]:
    """The empty cells of a table to fill in, by line, with their labels: under a header row (名称 | 数量 |
    型号), an empty cell past the first column is a value still to write, labelled by its row's name and
    its column's (电视机数量). The first column is left alone where any of its cells holds something (an
    empty one is then a category merged down the rows, 家用电器), and is to fill where none does (序号 of a
    blank list). Before any header row, only an empty cell right of a field's label is (名称 | ): other
    empty cells there may be layout."""
    rows: dict[tuple[int, int], dict[int, tuple[int, str]]] = {}
    for ln in lines:
        if ln.cell is not None and ln.role == "body":
            table, row, col = ln.cell
            cells = rows.setdefault((table, row), {})
            no, text = cells.get(col, (ln.no, ""))
            cells[col] = (no, text + squash(ln.text))  # a cell of several paragraphs: its first line
    # each row's texts and whether it names the columns, worked out once for the two passes below
    read = []
    for (table, _row), cells in sorted(rows.items()):
        texts = {c: t for c, (_, t) in cells.items()}
        read.append((table, cells, texts, _header_row(texts, ps)))
    # the first column is to fill when none of its cells under a header holds anything (序号 of a blank
    # list); when some do (家用电器 merged down the rows), its empty cells are layout
    blank_first: dict[int, bool] = {}
    header_seen: dict[int, bool] = {}
    for table, _cells, texts, is_header in read:
        if is_header:
            header_seen[table] = bool(texts.get(0))
            blank_first.setdefault(table, header_seen[table])
        elif header_seen.get(table) and texts.get(0):
            blank_first[table] = False
    out: dict[int, str] = {}
    header: dict[int, str] = {}
    current, after_header = None, False
    for table, cells, texts, is_header in read:
        if table != current:
            current, header, after_header = table, {}, False
        if is_header:
            # a header written over two rows (保险单 over 号码 | 起止时间) names its columns together
            header = {**header, **texts} if after_header else texts
            after_header = True
            continue
        after_header = False
        if not header:
            # 名    称 |      | 地    址 |     : a cell holding a field's label, then an empty one to its right
            left = ""
            for col, (no, text) in sorted(cells.items()):
                if not text and col > 0 and left:
                    out[no] = left[:30]
                left = text.rstrip("：:") if text and _key_value_label(text, ps) else ""
            continue
        totals = texts.get(0) in ps.total_row
        for col, (no, text) in sorted(cells.items()):
            name = header.get(col)
            if (col == 0 and not blank_first.get(table)) or (text and not _unit_cell(text, ps)) or not name:
                continue  # (a cell holding only its unit, 元/月, is as empty: the value goes before it)
            if totals and not any(w in name for w in ps.summed):
                continue  # 合计 | 担保物详情: nothing adds up in that column
            out[no] = (_row_key(texts, header, col, ps) + name)[:30]
    return out


_RE_LEAD_OPTION = compile_pattern(r"[ \u3000]*【(?P<opt>[^【】\s]{1,8})】(?![ \u3000]{0,2}【)")


def _bracket_option_lines(per_line: list[tuple[Line, list[_Hit]]], ps: PatternSet) -> dict[int, str]:
    """房屋租赁形式： / 【整租】… / 【分租】… / 【集体宿舍】…: lines opening with one bracketed option each, under
    a label closing with a colon, are one question: one choice blank on the first option's line (filled
    when an option is ticked), labelled by the label. Returns the label by the choice's line."""
    out: dict[int, str] = {}
    i = 0
    while i < len(per_line):
        run = []
        j = i
        while j < len(per_line) and (m := _RE_LEAD_OPTION.match(per_line[j][0].text)) is not None:
            if ps.sign_word.search(per_line[j][0].text, m.end(), m.end() + 8):
                break  # 【法定代表人】（签字或盖章）: a place to sign, one per line, not an option
            run.append((per_line[j], m))
            j += 1
        above = per_line[i - 1][0].text.rstrip(SPACE) if i > 0 else ""
        if len(run) >= 2 and above.endswith(("：", ":")) and len(squash(above)) <= LABEL_AREA_MAX + 6:
            (line, hits), m = run[0]
            ticked = [
                mm.group("opt").strip("".join(ps.checked))
                for (_ln, _h), mm in run
                if any(c in ps.checked for c in mm.group("opt"))
            ]
            hits.insert(
                0,
                _Hit(
                    m.start("opt") - 1,
                    m.end(),
                    "choice",
                    "；".join(ticked) or None,
                    "filled" if ticked else "empty",
                ),
            )
            hm = match_heading(above, ps)
            out[line.no] = squash(hm.rest if hm is not None else above).rstrip("：:")[:30]
        i = max(j, i + 1)
    return out


#: how wide a line of nothing but spaces must be to be room to write in (a copy that lost the underline)
AREA_MIN_WIDTH = 40


def _writing_areas(lines: list[Line], ps: PatternSet) -> dict[int, str]:
    """Writing areas whose underline a copy lost: lines of nothing but wide spaces right under a heading
    with no words of its own (第十三条 其他约定事项) or under a label closing with a colon (机构名称：), with
    nothing written before the next heading. One area is one blank, on its first line; the value is the
    label the area is under."""
    out: dict[int, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.text.strip() or _width(line.text) < AREA_MIN_WIDTH or line.cell is not None or i == 0:
            i += 1
            continue
        j = i
        while j < len(lines) and not lines[j].text.strip():
            j += 1  # the area's lines, and any empty ones after
        raw_above = lines[i - 1].text
        above = raw_above.strip(SPACE)
        if _width(raw_above[len(raw_above.rstrip(SPACE)) :]) >= 3:
            i = j  # the line above ends in a gap: that is the blank, the area only carries on its room
            continue
        below = lines[j].text if j < len(lines) else ""
        hm = match_heading(above, ps) if above else None
        label = None
        if hm is not None and 0 < len(hm.rest) <= LABEL_AREA_MAX and not _RE_SENTENCE_END.search(hm.rest):
            nxt = match_heading(below, ps) if below.strip() else None
            ruled = sum(1 for ln in lines[i:j] if _width(ln.text) >= AREA_MIN_WIDTH)
            ends = not below.strip() or (nxt is not None and nxt.rank <= hm.rank)
            if ruled >= 2 or ends or ps.signature.match(squash(below)):
                label = squash(hm.rest)  # the area is the heading's body (a line of it: nothing else is)
        elif above.endswith(("：", ":")) and len(squash(above)) <= LABEL_AREA_MAX:
            flat = squash(above)[:-1]
            if not ps.list_intro.search(flat) and not _is_role(flat, ps):
                label = flat
        if label:
            out[line.no] = label[:30]
        i = j
    return out


#: the longest label a writing area may be under (机构名称（与机构有效证明一致）：)
LABEL_AREA_MAX = 24
_RE_SENTENCE_END = re.compile(r"[。；;]$")


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
    field_at: dict[int, list[tuple[tuple[int, int], str, str, str, str | None]]] = {}
    empty_fields: dict[int, list[tuple[int, int]]] = {}
    for p in parties:
        for f in p.fields:
            written = f.value if f.status == "filled" else None
            field_at.setdefault(f.line, []).append((f.span, f.label, p.role, f.key, written))
            if f.status == "empty" and f.key != "name":  # an unnamed party is P302's to report
                if f.key == "other" and ps.list_intro.search(squash(f.label)):
                    continue  # 敬告甲方： after the signatures: a notice's address, no field of the party
                empty_fields.setdefault(f.line, []).append(f.span)
    # the next line is read where the page's header or footer does not stand between
    body = [ln for ln in lines if ln.text.strip() and ln.role not in ("header", "footer")]
    # (a table cell ends its writing space: what follows in the next cell does not continue a label)
    follow = {
        ln.no: body[i + 1].text
        if i + 1 < len(body) and (ln.cell is None or body[i + 1].cell == ln.cell)
        else ""
        for i, ln in enumerate(body)
    }
    table = _table_rows(body)
    wrapped = _wrapped_dates(body)
    below = _values_below(body, ps)
    cells = table_cell_blanks(lines, ps)
    areas = _writing_areas(lines, ps)
    per_line: list[tuple[Line, list[_Hit]]] = []
    above_hits = False  # whether the last line with text had blanks
    by_no = {ln.no: ln for ln in lines}
    for line in lines:
        if _rule_line(line, by_no):
            continue  # ______ between empty lines, above and below a title: a printed rule, no writing room
        if not line.text.strip():
            if line.no in empty_fields:  # an empty value cell of a party table (地址 | )
                per_line.append((line, _party_field_hits(line.text, [], empty_fields[line.no])))
            elif line.no in cells:  # an empty cell under a column header (数量 | 型号)
                per_line.append((line, [_Hit(0, len(line.text), "cell", None, "empty")]))
            elif line.no in areas:
                per_line.append((line, [_Hit(0, len(line.text), "spaces", None, "empty")]))
            continue
        hits = _line_hits(line, ps, follow=follow.get(line.no), table=line.no in table)
        nxt = (follow.get(line.no) or "").strip(SPACE)
        over = ps.placeholder.match(nxt) if nxt else None
        if not (over and ps.sign_word.search(nxt) and line.text.rstrip(SPACE).endswith(("：", ":"))) and not (
            _heads_below(line.text, nxt)
        ):
            # (法定代表人： over {{甲方代表签字}}（签字/盖章）: the place to sign on the next line is the
            # field's blank; 代表： over {{指定日期}} is a field and a date)
            hits.extend(_party_field_hits(line.text, hits, empty_fields.get(line.no, ())))
        if (
            len(hits) == 1
            and hits[0].kind == "field"
            and ps.sign_here.search(line.text)
            and len(row := _signing_row_hits(line.text, follow.get(line.no) or "", ps)) > 1
        ):
            hits = row  # 甲方:(章)乙方:(章) — each party's place to seal, not the last role's field alone
        if not hits and (
            _in_signature(locator, line.no)
            or ps.sign_word.search(follow.get(line.no) or "")
            or ps.sign_here.search(line.text)  # 甲方:(章)乙方:(章)
            # 包机人: 承运人: after the clauses — the roles' row, no names under it (not the heads of the party
            # block's columns: 甲方（用人单位）：　　乙方（职工）： over 名称：　　姓名：)
            or (_re_role_row(ps)[0].fullmatch(line.text) and not _in_opening(locator, line.no))
        ):
            # (甲方:乙方: over 代表(签名、盖章)代表(签名、盖章): a signing row the outline did not see as one)
            hits = _signing_row_hits(line.text, follow.get(line.no) or "", ps) or _signers_row_hits(
                line.text, ps
            )
        if (
            not hits
            and line.no not in field_at
            and _in_cover(locator, line.no)
            and (alone := _re_role_alone(ps).fullmatch(line.text)) is not None
        ):
            # a cover's 甲方: / 乙方: over the party blocks that follow: the cover's own place for the name
            end = alone.start("gap")
            hits.append(_Hit(end, end, "field", None, "empty", label=squash(line.text).rstrip("：:")))
        if hits and _wrapped_on(line.text, follow.get(line.no), ps):
            # 维保范围:介西公安分局……的100个前端摄 / 像机、2个派出所……的维护保养。 — a page's line wrap cut the
            # sentence: what follows the colon is the clause's text, no value written in
            end = len(line.text.rstrip(SPACE))
            hits = [h for h in hits if not (h.kind == "field" and h.status == "filled" and h.end == end)]
        if not hits and line.no in below and not above_hits:
            # 工程名称: / 番禺区化龙镇……勘察设计 — a cover's value on the line under its label
            a = len(line.text) - len(line.text.lstrip(SPACE))
            value = line.text.strip(SPACE)
            hits.append(_Hit(a, a + len(value), "field", value, "filled", label=below[line.no]))
        if not hits and per_line and _in_label_run(line, per_line[-1], follow.get(line.no) or "", ps):
            # 发动机号: / 车架号: / 车牌号: / 1.甲方自愿将车… — the last of a run of empty labels, a clause under it
            a = line.text.rstrip(SPACE)
            hits.append(_Hit(len(a), len(a), "field", None, "empty", label=squash(a).rstrip("：:")))
        if line.no in wrapped and not any(h.end > wrapped[line.no] for h in hits):
            end = len(line.text.rstrip(SPACE))
            hits.append(_Hit(wrapped[line.no], end, "date", None, "empty", label="日期"))
        per_line.append((line, hits))
        above_hits = bool(hits)
    _drop_continuations(per_line, {ln.no for ln in lines if ln.underlines and not ln.text.strip()}, ps)
    _group_options(per_line, ps)
    option_lines = _bracket_option_lines(per_line, ps)
    blanks: list[Blank] = []
    # lines of nothing but pictures (a seal's image in a paragraph of its own, under its label)
    pictured = {ln.no: ln for ln in lines if ln.pictures and not ln.text.strip()}
    header: list[str] = []  # the first row of the tab-separated table being read: its column names
    prev_tabbed = False
    # a blank model (no party named, hardly a blank written: what the summary calls a template): what
    # follows a clause's title and ends its sentence is printed text
    written = sum(1 for _, hs in per_line for h in hs if h.status == "filled")
    unnamed = not any(p.name for p in parties) and written <= FILLED_TEMPLATE_MAX * sum(
        map(len, (h for _, h in per_line))
    )
    for line, hits in per_line:
        chain_place = None
        tabbed = len(line.tabs) >= 2
        if tabbed and not prev_tabbed:
            header = _tab_cells(line.text, line.tabs)
        prev_tabbed = tabbed
        for h in hits:
            text = line.text
            before = text[max(0, h.start - CONTEXT) : h.start].strip()
            after = text[h.end : h.end + CONTEXT].strip()
            reach = h.reach or h.end  # the unit follows the whole blank: 数量 500______吨
            # a field's words are its value, but a figure's unit follows it (合计金额小写：60000.11 元)
            figure = h.kind != "field" or (h.value is not None and _RE_FIGURE.fullmatch(h.value) is not None)
            unit = _unit(text[reach : reach + UNIT_WINDOW], ps) if figure else None
            label, party, key = h.label, h.party, None
            for (fa, fb), flabel, role, fkey, written in field_at.get(line.no, ()):
                if fa <= h.start < max(fb, fa + 1) or h.start <= fa < h.end:
                    label, party, key = flabel, role, fkey
                    if written is not None and h.kind == "field" and h.status == "filled" and h.start <= fa:
                        # the party's reading of its field: the name without the notes around it
                        # (（实际控制人）郑智彬, 康任村二队、三队村民(面积、名单见附表))
                        h.value, h.start, h.end = written, fa, fb
                    break
            if label is None and h.kind == "cell":
                label = cells.get(line.no)
            if label is None and line.no in areas:
                label = areas[line.no]
            if label is None and h.kind == "choice" and line.no in option_lines:
                label = option_lines[line.no]
            if label is None and tabbed and h.start in line.tabs:  # an empty cell: its column's name
                col = line.tabs.index(h.start) + 1
                label = squash(header[col])[:20] if col < len(header) and header[col].strip() else None
            if label is None:
                label = _placeholder_label(text, h, ps) if h.kind == "placeholder" else None
                # (电话:___XXX___: the placeholder's underline is part of its place, the label before it)
                at = len(text[: h.start].rstrip(SPACE + "_")) if h.kind == "placeholder" else h.start
                label = label or _label_near(text, at, h.end, ps)
            if label is None:
                label = _title_label(locator.chain(line.no), h.value)
            if chain_place is None:
                chain_place = (locator.clause(line.no), locator.place(line.no))
            status = h.status
            if status == "empty" and (
                (office_use is not None and line.no >= office_use)
                or (label and squash(label) in ps.not_to_fill)
            ):
                status = "na"  # an authority's part, or a place for a stamp (印花税票粘贴处)
            picture = status == "empty" and _picture_signed(line, h, label, ps, pictured.get(line.no + 1))
            if picture:  # 乙方（签字）： with an e-signature's image beside it: signed, nothing to read
                status = "filled"
            if (
                unnamed
                and status == "filled"
                and h.kind == "field"
                and text[h.end : h.end + 1] == "。"
                and not (label and _known_label(label, ps))
            ):
                continue  # a blank model's 电话咨询:提供与软件相关的技术咨询。 — the clause's printed sentence
            if (
                status == "filled"
                and h.kind == "field"
                and no_code(h.value or "", key or ps.field_keys.get(squash(label or "")), ps)
            ):
                if not text[: h.start].strip(SPACE):
                    continue  # 邮政编码: / 需 方 — the next column's label under it, no value (the label's blank is)
                # 身份证号: Permanent Registered — a bilingual form's English where the code is to be written
                status, h.value, h.end = "empty", None, h.start
            if key is None and label and h.value is not None:
                # 账号：571908826410502 in a clause: the label says what the digits are (an account is a
                # string of digits, never a number)
                key = k if (k := field_key(squash(label), ps)) in _DIGIT_KEYS else None
            normalized = (  # the option ticked is a name, never an amount or a date
                normalize(h.value, unit or ("元" if h.money else None), key)
                if status == "filled" and h.kind not in ("checkbox", "choice")
                else None
            )
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
                    picture=picture,
                )
            )
    return blanks


#: how far before a place to sign its label may start (乙方（盖章）：: a seal stamped over the label)
SIGN_LABEL_REACH = 12


def _picture_signed(line: Line, h: _Hit, label: str | None, ps: PatternSet, below: Line | None) -> bool:
    """Whether a picture (a signature's or a seal's image) stands in this place to sign: from its label to
    the next label on the line, or, for a place closing its line, on a line of its own right under it."""
    text = line.text
    if not line.pictures and not (below is not None and not text[h.end :].strip(SPACE)):
        return False
    lead = text[max(0, h.start - SIGN_LABEL_REACH) : h.start]
    if not (ps.sign_word.search(label or "") or ps.sign_word.search(lead)):
        return False
    nxt = _RE_NEXT_LABEL.search(text, h.end)
    end = nxt.start() if nxt is not None else len(text) + 1
    if any(h.start - SIGN_LABEL_REACH <= p < end for p in line.pictures):
        return True
    return below is not None and nxt is None
