"""Every pattern file compiles and its examples behave: data is reviewed and tested like code."""

from __future__ import annotations

import pytest

from extractor import pattern_set
from extractor.segment import is_title, match_heading, squash

PS = pattern_set.load()


@pytest.mark.parametrize("h", PS.headings, ids=lambda h: h.kind)
def test_heading_examples(h):
    for line in h.examples:
        assert h.regex.match(line), f"{h.kind} should match {line!r}"
    for line in h.not_:
        assert not h.regex.match(line), f"{h.kind} should not match {line!r}"


def test_noise_examples():
    data = PS.data["noise"]
    for line in data["examples"]:
        assert PS.noise_strong.search(line.strip()), line
    for line in data["not"]:
        assert not PS.noise_strong.search(line.strip()), line


def test_structure_examples():
    from extractor.segment import is_appendix_line

    data = PS.data["structure"]
    checks = {
        "title": lambda t: is_title(t, PS),
        "instructions": lambda t: PS.instructions.match(squash(t)) is not None,
        "appendix": lambda t: is_appendix_line(t, PS),
        "signature": lambda t: PS.signature.search(squash(t)) is not None,
        "sign_words": lambda t: PS.sign_word.search(squash(t)) is not None,
        "contract_number": lambda t: PS.contract_number.match(t) is not None,
        "office_use": lambda t: PS.office_use.match(squash(t)) is not None,
        "body_end": lambda t: PS.body_end.match(squash(t)) is not None,
        "model_mark": lambda t: PS.model_mark.search(t) is not None,
        "contract_word": lambda t: PS.contract_word.search(t) is not None,
        "party_word": lambda t: PS.party_word.search(t) is not None,
        "title_word": lambda t: PS.title_word.search(t) is not None,
    }
    for name, ok in checks.items():
        for line in data[f"{name}_examples"]:
            assert ok(line), f"{name} should accept {line!r}"
        for line in data[f"{name}_not"]:
            assert not ok(line), f"{name} should refuse {line!r}"


def test_blank_patterns():
    b = PS.data["blanks"]
    for v in b["na_examples"]:
        assert PS.na.match(v), v
    for v in b["na_not"]:
        assert not PS.na.match(v), v
    for v in b["placeholder_examples"]:
        assert PS.placeholder.search(v), v
    for v in b["placeholder_not"]:
        assert not PS.placeholder.search(v), v
    for v in b["placeholder_place_examples"]:
        assert PS.placeholder_place.search(v), v
    for v in b["placeholder_place_not"]:
        assert not PS.placeholder_place.search(v), v
    for v in b["collapsed_examples"]:
        assert PS.collapsed.search(v), v
    for v in b["collapsed_not"]:
        assert not PS.collapsed.search(v), v
    for v in b["placeholder_name_examples"]:
        assert PS.placeholder_name.match(v), v
    for v in b["placeholder_name_not"]:
        assert not PS.placeholder_name.match(v), v
    for v in b["list_intro_examples"]:
        assert PS.list_intro.search(v), v
    for v in b["list_intro_not"]:
        assert not PS.list_intro.search(v), v
    from extractor.extract.blanks import _amount_label

    for clause, label in b["amount_words_examples"]:
        assert _amount_label(clause, len(clause), PS) == label, clause


def test_party_examples():
    from extractor.extract.parties import _role_line
    from extractor.model import Line

    p = PS.data["parties"]
    for text in p["examples"]:
        assert _role_line(Line(1, text), PS) is not None, text
    for text in p["not"]:
        assert _role_line(Line(1, text), PS) is None, text


def test_topic_examples():
    from extractor.extract.blanks import _label

    for topic in PS.topics:
        for sentence, label in topic.examples:
            start = sentence.index("____") if "____" in sentence else sentence.index("　")
            end = start + (
                4 if "____" in sentence else len(sentence[start:]) - len(sentence[start:].lstrip("　"))
            )
            assert _label(sentence, start, end, PS) == label, sentence
        for sentence, label in topic.not_examples:
            start = sentence.index("____")
            assert _label(sentence, start, start + 4, PS) != label, sentence


def test_headings_do_not_match_false_friends():
    for text in ["第三方支付平台", "1.5倍的违约金", "2024.3.5前支付", "3.5%的利息", "第三条约定的付款"]:
        hm = match_heading(text, PS)
        assert hm is None or hm.kind.startswith("item"), text


def test_user_patterns_overlay(tmp_path):
    (tmp_path / "parties.toml").write_text(
        (pattern_set.default_dir() / "parties.toml")
        .read_text(encoding="utf-8")
        .replace('"居间方",', '"居间方", "见证方",'),
        encoding="utf-8",
    )
    ps = pattern_set.load(str(tmp_path))
    assert "见证方" in ps.named_roles
    assert ps.fingerprint != PS.fingerprint


def test_a_user_file_holds_only_what_it_changes(tmp_path):
    # your own role words added to ours, without copying the whole file
    (tmp_path / "parties.toml").write_text('[extend]\nnamed = ["见证方", "居间方"]\n', encoding="utf-8")
    ps = pattern_set.load(str(tmp_path))
    assert "见证方" in ps.named_roles and "出租方" in ps.named_roles and "甲方" in ps.ordinal_roles
    assert ps.data["parties"]["named"].count("居间方") == 1
    # a key given replaces ours, the rest stays
    other = tmp_path / "other"
    other.mkdir()
    (other / "parties.toml").write_text('named = ["见证方"]\n', encoding="utf-8")
    ps = pattern_set.load(str(other))
    assert "见证方" in ps.named_roles and "出租方" not in ps.named_roles and "甲方" in ps.ordinal_roles


def test_a_misnamed_user_file_is_an_error(tmp_path):
    (tmp_path / "party.toml").write_text('[extend]\nnamed = ["见证方"]\n', encoding="utf-8")
    with pytest.raises(pattern_set.PatternError, match="not a pattern file"):
        pattern_set.load(str(tmp_path))


def test_only_lists_can_be_extended(tmp_path):
    (tmp_path / "parties.toml").write_text('[extend]\nparty_section = "x"\n', encoding="utf-8")
    with pytest.raises(pattern_set.PatternError, match="only lists"):
        pattern_set.load(str(tmp_path))


def test_bad_user_patterns(tmp_path):
    (tmp_path / "headings.toml").write_text("not = [valid", encoding="utf-8")
    with pytest.raises(pattern_set.PatternError):
        pattern_set.load(str(tmp_path))


def test_party_section_examples():
    data = PS.data["parties"]
    for line in data["party_section_examples"]:
        assert PS.party_section.search(squash(line)), line
    for line in data["party_section_not"]:
        assert not PS.party_section.search(squash(line)), line


def test_one_sign_vocabulary_reaches_every_stage(tmp_path):
    # a word added to sign_words is a signature cue, a place to sign (B203, not B201) and no party name
    from extractor.api import check_bytes

    from .conftest import ROOT

    text = (ROOT / "patterns" / "structure.toml").read_text(encoding="utf-8")
    (tmp_path / "structure.toml").write_text(
        text.replace('sign_words = ["盖章",', 'sign_words = ["画押", "盖章",'), encoding="utf-8"
    )
    contract = "借款协议\n甲方：张三\n乙方：李四\n第一条 借款一万元。\n第二条 一年内还清。\n甲方（画押）：\n乙方（画押）：\n"
    plain = check_bytes(contract.encode(), "a.txt")
    custom = check_bytes(contract.encode(), "a.txt", patterns=tmp_path)
    assert "missing-signature" in [f.rule for f in plain.findings]
    rules = [f.rule for f in custom.findings]
    assert (
        "missing-signature" not in rules and "empty-signature-place" in rules and "empty-blank" not in rules
    )


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        (r"[ \u3000\p{Han}]", "中", True),  # inside a class, not first
        (r"[^\p{Han}a]", "中", False),  # a negated class
        (r"[^\p{Han}a]", "b", True),
        (r"\p{Han}{2}[：:]", "甲方：", True),
        (r"\[\p{Han}\]", "[甲]", True),  # escaped brackets are no class
    ],
)
def test_han_is_spelled_inside_and_outside_classes(pattern, text, hit):
    from extractor.pattern_set import compile_pattern

    assert (compile_pattern(pattern).search(text) is not None) is hit
