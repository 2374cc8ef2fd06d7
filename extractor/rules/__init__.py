"""Rules: lint-style checks over a read and segmented contract.

Each rule has a stable code (never reused), a slug, a severity and a docstring whose first line is its
summary and whose ``Hit:`` and ``Okay:`` blocks are contract snippets a test runs through the pipeline.
Rule families live in one module each and register with :func:`rule`.
"""

from __future__ import annotations

import inspect
import textwrap
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from .. import messages
from ..locate import Locator
from ..model import SEVERITY_ORDER, Blank, Document, Finding, Line, Party, document_state
from ..pattern_set import PatternSet, default_dir
from ..segment import Outline


@dataclass
class Context:
    """Everything a rule may look at."""

    document: Document
    lines: list[Line]
    outline: Outline
    parties: list[Party]
    blanks: list[Blank]
    locator: Locator
    patterns: PatternSet
    noise_head: int = 0
    noise_tail: int = 0
    declared_format: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: str
    summary: str
    doc: str
    check: Callable[[Context, Rule], Iterable[Finding]]

    def finding(
        self,
        key: str,
        /,
        *,
        line: int | None = None,
        clause: str | None = None,
        span: tuple[int, int] | None = None,
        place: str | None = None,
        severity: str | None = None,
        **args: object,
    ) -> Finding:
        """A finding whose message is the catalogue's ``key`` for this rule (patterns/messages.toml), in
        the chosen language; ``{place}`` in a template is the finding's place, named for that reader."""
        message = self.say(key, **{"place": messages.place(place), "line": line, **args})
        return Finding(self.slug, self.code, severity or self.severity, message, clause, line, span, place)

    def say(self, key: str, **args: object) -> str:
        """A message of this rule's (or a [common] one) in the chosen language."""
        section = self.code if key in messages.catalogue().get(self.code, {}) else "common"
        return messages.say(section, key, **args)

    @property
    def summary_text(self) -> str:
        """The one-line summary in the chosen language (the docstring's first line is the English)."""
        return messages.template(self.code, "summary") if self.code in messages.catalogue() else self.summary

    @property
    def name(self) -> str:
        """The rule's Chinese name (patterns/rule_names.toml): 空白未填 for B201."""
        return rule_names().get(self.code, self.slug)

    def examples(self, kind: str) -> list[str]:
        """The ``Hit:`` or ``Okay:`` snippets of the rule's doc."""
        out: list[str] = []
        blocks = self.doc.split("\n\n")
        for block in blocks:
            head, _, body = block.partition("\n")
            if head.strip() == f"{kind}:" and body.strip():
                out.append(textwrap.dedent(body).strip("\n") + "\n")
        return out


def blank_model(ctx: Context) -> bool:
    """Whether the document is a blank model (``summary.state`` template): its blanks are meant to be
    empty, so the blank rules summarise them instead of reporting each as a fault."""
    cached = ctx.extra.get("blank_model")
    if cached is None:
        cached = ctx.extra["blank_model"] = document_state(ctx.blanks, ctx.parties) == "template"
    return bool(cached)


RULES: dict[str, Rule] = {}


def rule(code: str, slug: str, severity: str):
    """Register a rule function ``f(ctx, rule) -> Iterable[Finding]``."""
    assert severity in SEVERITY_ORDER

    def register(func: Callable[[Context, Rule], Iterable[Finding]]):
        doc = inspect.cleandoc(func.__doc__ or "")
        if code in {r.code for r in RULES.values()} or slug in RULES:
            raise ValueError(f"rule {code} {slug} registered twice")
        RULES[slug] = Rule(code, slug, severity, doc.split("\n", 1)[0], doc, func)
        return func

    return register


@cache
def _rule_table() -> dict[str, dict[str, object]]:
    with open(default_dir() / "rule_names.toml", "rb") as fh:
        return tomllib.load(fh)


def rule_names() -> dict[str, str]:
    """Code -> Chinese name, read once from the shipped patterns/rule_names.toml."""
    return dict(_rule_table()["names"])  # type: ignore[arg-type]


#: what a rule weighs when none is given in patterns/rule_names.toml [weights]
DEFAULT_WEIGHT = 50


def weight(code: str) -> int:
    """How much a finding of the rule weighs in a contract's top findings (0–100)."""
    return int(_rule_table().get("weights", {}).get(code, DEFAULT_WEIGHT))  # type: ignore[union-attr]


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by what they weigh, then by severity, then by line: the top of the list first."""
    return sorted(findings, key=lambda f: (-weight(f.code), -SEVERITY_ORDER[f.severity], f.line or 0, f.code))


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=lambda r: r.code)


def _load() -> None:
    from . import blanks, consistency, document, parties, structure, template  # noqa: F401  (registration side effect)


def selected(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by code prefix or slug (``S1``, ``S101``, ``empty-blank``)."""
    sel, ign = list(select), list(ignore)

    def hit(r: Rule, keys: list[str]) -> bool:
        return any(r.code.startswith(k.upper()) or r.slug == k for k in keys)

    return [r for r in all_rules() if (not sel or hit(r, sel)) and not hit(r, ign)]


def run(ctx: Context, rules: list[Rule] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for r in rules if rules is not None else all_rules():
        findings.extend(r.check(ctx, r))
    findings.sort(key=lambda f: (f.line if f.line is not None else 0, -SEVERITY_ORDER[f.severity], f.code))
    return findings
