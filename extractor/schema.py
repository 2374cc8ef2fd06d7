"""The JSON Schema of ``hetong check --json`` (printed by ``hetong schema``).

Keep it in step with ``model.py``: a test validates every golden file against it. Extend, never reshape;
bump ``SCHEMA_VERSION`` (minor for additions, major for a change that breaks a reader).
"""

from __future__ import annotations

from typing import Any

from .model import SCHEMA_VERSION

_nullable_str = {"type": ["string", "null"]}
_span = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 2,
    "maxItems": 2,
    "description": "[start, end) character offsets in the line's text as hetong shows it",
}
_page = {
    "type": ["integer", "null"],
    "minimum": 1,
    "description": "the page the line is on: a PDF's page; a .docx's page as Word last laid it out "
    "(null when the file holds no layout); null for formats without pages",
}
_line = {
    "type": "integer",
    "minimum": 1,
    "description": "1-based line number as the reader numbered lines "
    "(for .txt the physical line of the file; for .docx paragraphs and table cells in reading order)",
}

NODE: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "number", "label", "title", "text", "line", "end_line", "children"],
    "properties": {
        "kind": {
            "enum": [
                "title",
                "cover",
                "instructions",
                "preamble",
                "part",
                "chapter",
                "section",
                "article",
                "clause",
                "item-cn",
                "item-paren-cn",
                "item-arabic",
                "item-paren-arabic",
                "item-circled",
                "item-letter",
                "signature",
                "appendix",
                "document",
            ]
        },
        "number": {**_nullable_str, "description": 'Arabic, dotted for clauses: "13", "3.1", "2.1.1"'},
        "label": {**_nullable_str, "description": "the number as written: 第十三章, 3.1, （一）"},
        "title": {"type": "string"},
        "text": {"type": "string", "description": "body lines under the heading, children excluded"},
        "line": _line,
        "end_line": _line,
        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": f"https://hetong.invalid/schema/check-{SCHEMA_VERSION}.json",
    "title": "hetong check result",
    "type": "object",
    "required": [
        "schema_version",
        "hetong_version",
        "source",
        "title",
        "contract_number",
        "parties",
        "outline",
        "blanks",
        "findings",
        "summary",
    ],
    "$defs": {"node": NODE},
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "hetong_version": {"type": "string"},
        "source": {
            "type": "object",
            "required": ["path", "format", "sha256", "size", "pages", "ocr"],
            "properties": {
                "path": {"type": "string"},
                "format": {
                    "enum": ["txt", "docx", "docx-xml", "word2003-xml", "doc", "rtf", "html", "pdf"],
                    "description": "the real format, sniffed from the bytes",
                },
                "declared_format": {
                    "type": "string",
                    "description": "the extension's format, when it differs",
                },
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "size": {"type": "integer"},
                "pages": {"type": ["integer", "null"]},
                "ocr": {"type": "boolean"},
                "ocr_pages": {"type": "array", "items": {"type": "integer"}},
            },
        },
        "title": _nullable_str,
        "contract_number": _nullable_str,
        "parties": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["role", "alias", "description", "name", "line", "fields"],
                "properties": {
                    "role": {
                        "type": "string",
                        "description": "甲方/乙方/丙方…, or the role word used (出租方)",
                    },
                    "alias": {
                        **_nullable_str,
                        "description": "the other role name given: 委托方 in 委托方（甲方）",
                    },
                    "description": {**_nullable_str, "description": "the bracketed description: 服务提供方"},
                    "name": _nullable_str,
                    "line": _line,
                    "fields": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "key",
                                "label",
                                "value",
                                "status",
                                "line",
                                "span",
                                "block",
                                "normalized",
                            ],
                            "properties": {
                                "key": {
                                    "type": "string",
                                    "description": "name, address, contact, phone, fax, email, "
                                    "legal_representative, agent, credit_code, id_number, bank, account, "
                                    "account_name, postcode, tax_id, website, or other",
                                },
                                "label": {"type": "string", "description": "as written, spaces removed"},
                                "value": _nullable_str,
                                "status": {"enum": ["filled", "empty", "na"]},
                                "line": _line,
                                "page": _page,
                                "span": _span,
                                "block": {"enum": ["party", "signature"]},
                                "normalized": {"type": ["object", "null"]},
                                "of": {
                                    **_nullable_str,
                                    "description": "the label of the party's person (委托代理人, 联系人) "
                                    "whose detail this is; null for the party's own field",
                                },
                            },
                        },
                    },
                },
            },
        },
        "outline": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        "blanks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [
                    "clause",
                    "place",
                    "line",
                    "span",
                    "kind",
                    "before",
                    "after",
                    "label",
                    "unit",
                    "status",
                    "value",
                    "normalized",
                    "party",
                    "picture",
                ],
                "properties": {
                    "clause": {
                        **_nullable_str,
                        "description": "number of the chapter/article/clause holding it",
                    },
                    "place": {
                        "type": "string",
                        "description": "where a reviewer finds it: 第三章 3.1, 甲方, preamble",
                    },
                    "line": _line,
                    "page": _page,
                    "span": _span,
                    "kind": {
                        "enum": [
                            "underscore",
                            "spaces",
                            "bracket",
                            "date",
                            "checkbox",
                            "choice",
                            "underline",
                            "placeholder",
                            "field",
                            "cell",
                            "collapsed",
                        ],
                        "description": "field: a value written after a label (签订地点：杭州); cell: an empty "
                        "table cell under a column header (数量, 型号); collapsed: a gap a copy lost, where the words "
                        "cannot meet without a number (第种方式, 后个工作日内), the span empty",
                    },
                    "before": {"type": "string"},
                    "after": {"type": "string"},
                    "label": _nullable_str,
                    "unit": _nullable_str,
                    "status": {"enum": ["empty", "filled", "na"]},
                    "value": _nullable_str,
                    "normalized": {
                        "type": ["object", "null"],
                        "description": "typed value: {type: money|percent|"
                        "date|time|duration|number|digits|phone|email|credit_code|id_number|account, …}; a "
                        "range of two dates (or times of day) keeps its end: {type: date, value: start, end: "
                        "end}; a time of day is HH:MM (下午1点半 -> 13:30); a rate is "
                        "money with what it is for: {type: money, amount: 2100, currency: CNY, per: 亩}",
                    },
                    "party": _nullable_str,
                    "picture": {
                        "type": "boolean",
                        "description": "a picture fills the place (a signature or a seal drawn as an image, "
                        "as e-signing services and scanned seals put them): status filled, value null",
                    },
                },
            },
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["rule", "code", "severity", "message", "clause", "place", "line", "span"],
                "properties": {
                    "rule": {"type": "string"},
                    "code": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "message": {"type": "string"},
                    "clause": {
                        **_nullable_str,
                        "description": "for a missing chapter or clause, the missing number",
                    },
                    "place": _nullable_str,
                    "line": {"type": ["integer", "null"]},
                    "page": _page,
                    "span": {"oneOf": [_span, {"type": "null"}]},
                },
            },
        },
        "summary": {
            "type": "object",
            "required": ["error", "warning", "info", "blanks", "empty_blanks", "state"],
            "properties": {
                **{k: {"type": "integer"} for k in ("error", "warning", "info", "blanks", "empty_blanks")},
                "state": {
                    "enum": ["template", "partly-filled", "filled"],
                    "description": "template: no party named, hardly a blank filled; filled: parties named, "
                    "at most a tenth of the blanks empty; else partly-filled",
                },
                "known": {
                    "type": "integer",
                    "description": "with --baseline only: the findings left out because the baseline holds them",
                },
            },
        },
    },
}
