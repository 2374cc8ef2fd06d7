"""The message catalogue (patterns/messages.toml): Chinese by default, English on request, and every
message a rule can say is there in both languages with the same parameters."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import check, messages
from extractor.audit.cache import config_key
from extractor.rules import all_rules

from .conftest import ROOT, SAMPLES, run_text

RULES_DIR = ROOT / "extractor" / "rules"


def _keys_in_code() -> set[tuple[str, str]]:
    """(module, key) for every message a rule module names: finding("key", ...) / say("key", ...) /
    _f(ctx, slug, node, "key", ...) and the keys _dangling returns."""
    keys: set[tuple[str, str]] = set()
    for path in RULES_DIR.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r'(?:\.finding|\.say)\(\s*"([a-z_]+)"', text):
            keys.add((path.stem, m.group(1)))
        for m in re.finditer(r'_f\(\s*ctx,\s*"[a-z-]+",\s*node,\s*"([a-z_]+)"', text):
            keys.add((path.stem, m.group(1)))
    return keys


def test_every_message_has_both_languages_with_the_same_parameters():
    for section, entries in messages.catalogue().items():
        if section == "reason_patterns":
            continue  # English is the reason itself; the Chinese is checked below
        for key, entry in entries.items():
            assert set(entry) == {"zh", "en"}, f"[{section}] {key} needs zh and en"
            if section not in ("words", "places", "groups"):
                fields = [
                    {f for _, f, _, _ in __import__("string").Formatter().parse(entry[lang]) if f}
                    for lang in ("zh", "en")
                ]
                assert fields[0] == fields[1], f"[{section}] {key}: zh and en use other parameters"


def test_every_rule_has_a_summary_in_both_languages():
    for r in all_rules():
        assert messages.template(r.code, "summary", "zh") != messages.template(r.code, "summary", "en"), (
            r.code
        )
        assert re.search(r"[\u4e00-\u9fff]", messages.template(r.code, "summary", "zh")), r.code


def test_every_key_the_rules_name_is_in_the_catalogue():
    cat = messages.catalogue()
    by_module = {}
    for r in all_rules():
        by_module.setdefault(r.check.__module__.rsplit(".", 1)[-1], []).append(r.code)
    used = _keys_in_code()
    assert len(used) > 30  # the scan found the calls
    for module, key in used:
        codes = by_module.get(module, [])
        assert key in cat["common"] or any(key in cat.get(code, {}) for code in codes), (module, key)


def test_the_default_is_chinese(monkeypatch):
    monkeypatch.delenv("HETONG_LANG", raising=False)
    messages.set_lang(None)
    try:
        assert messages.lang() == "zh"
        result = check(SAMPLES / "seed.txt")
        found = {f.rule: f.message for f in result.findings}
        assert found["missing-chapter"] == "缺少第十三章（13）：编号从第十二章跳到第十四章"
        assert found["empty-blank"].startswith("空白模板：18 处空白未填")  # the seed is a blank model
    finally:
        messages.set_lang(None)


@pytest.mark.parametrize(
    ("env", "lang"), [("en", "en"), ("en_US.UTF-8", "en"), ("zh_CN", "zh"), ("fr", "zh")]
)
def test_hetong_lang(monkeypatch, env, lang):
    monkeypatch.setenv("HETONG_LANG", env)
    messages.set_lang(None)
    assert messages.lang() == lang


def test_set_lang_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="unknown language"):
        messages.set_lang("fr")


def test_places_name_hetongs_regions_in_chinese():
    assert messages.place("signature block", "zh") == "签署栏"
    assert messages.place("appendix 附件一 报价单", "zh") == "附件一 报价单"
    assert messages.place("《补充协议》 signature block", "zh") == "《补充协议》 签署栏"
    assert messages.place("第三章 3.1", "zh") == "第三章 3.1"  # the document's own words stay
    assert messages.place("signature block", "en") == "signature block"


def test_every_hit_example_speaks_chinese(zh):
    for r in all_rules():
        for text in r.examples("Hit"):
            for f in run_text(text).findings:
                if f.rule == r.slug:
                    assert "{" not in f.message.replace("{{", ""), f.message
                    assert re.search(r"[\u4e00-\u9fff]", f.message), f.message


def _cli(*args: str, env_lang: str | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    env.pop("HETONG_LANG", None)
    if env_lang:
        env["HETONG_LANG"] = env_lang
    return subprocess.run(
        [sys.executable, "-m", "extractor", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_lang_option():
    seed = str(Path("samples") / "seed.txt")
    zh = json.loads(_cli("check", seed, "--json").stdout)
    en = json.loads(_cli("check", seed, "--json", "--lang", "en").stdout)
    by_env = json.loads(_cli("check", seed, "--json", env_lang="en").stdout)
    pick = lambda d: [f["message"] for f in d["findings"] if f["code"] == "S101"]  # noqa: E731
    assert pick(zh) == ["缺少第十三章（13）：编号从第十二章跳到第十四章"]
    assert pick(en) == ["missing 第十三章 (13): numbering goes from 第十二章 to 第十四章"]
    assert pick(by_env) == pick(en)
    # the machine keys stay the same in every language
    assert [(f["code"], f["rule"], f["severity"], f["line"]) for f in zh["findings"]] == [
        (f["code"], f["rule"], f["severity"], f["line"]) for f in en["findings"]
    ]
    text = _cli("check", seed).stdout
    assert "当事人" in text and "问题" in text and "个错误" in text
    bad = _cli("check", seed, "--lang", "fr")
    assert bad.returncode == 2 and "fr" in bad.stderr


def test_rules_listing_in_chinese():
    out = _cli("rules").stdout
    assert "空白未填" in out and "错误" in out
    listing = json.loads(_cli("rules", "--json").stdout)
    assert {"code", "slug", "name", "summary", "summary_zh"} <= set(listing[0])


def test_audit_cache_keeps_languages_apart():
    messages.set_lang("zh")
    try:
        a = config_key(patterns=None, select=(), ignore=(), max_bytes=1)
        messages.set_lang("en")
        b = config_key(patterns=None, select=(), ignore=(), max_bytes=1)
    finally:
        messages.set_lang(None)
    assert a != b


def test_every_translated_reason_is_still_raised():
    # the [reasons] keys are the English texts the readers raise: a reworded reason must not lose its
    # translation silently
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "extractor").rglob("*.py"))
    for reason in messages.catalogue()["reasons"]:
        assert f'"{reason}"' in source, reason
    assert messages.failure("unreadable", "no such file", "zh") == "无法读取：文件不存在"
    assert messages.failure("encrypted", "some new reason", "zh") == "文件已加密：some new reason"
    assert messages.failure("unreadable", "no such file", "en") == "no such file"


def test_every_reason_pattern_fills_its_chinese_from_its_own_groups():
    for entry in messages.catalogue()["reason_patterns"]:
        groups = set(re.compile(entry["match"]).groupindex)
        used = {f for _, f, _, _ in __import__("string").Formatter().parse(entry["zh"]) if f}
        assert used <= groups, entry


def test_reasons_with_figures_are_said_in_chinese():
    from extractor.errors import HetongError, TextTooLarge, TooManyPages
    from extractor.readers import read_bytes
    from extractor.readers.caps import Caps

    cases = [
        TextTooLarge.over("a.txt", 5_000_000).reason,
        TooManyPages.over("a.pdf", 2_500, 2_000).reason,
    ]
    # a real refusal from a reader: a zip part past its cap
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", " " * 3_000_000)
    try:
        read_bytes(buf.getvalue(), source="bomb.docx", caps=Caps(zip_part=1_000_000))
    except HetongError as exc:
        cases.append(exc.reason)
    assert len(cases) == 3
    got = [messages.reason_text(r, "zh") for r in cases]
    assert got[0] == "文字超过 5,000,000 个字符的上限（可用 --max-chars 调高）"
    assert got[1] == "PDF 共 2,500 页，超过 2,000 页的上限（可用 --max-pages 调高）"
    assert got[2].startswith("word/document.xml 解压后超过") and "--max-zip-part" in got[2], got[2]
    # English as it is; a reason no pattern knows, as it is
    assert messages.reason_text(cases[0], "en") == cases[0]
    assert messages.reason_text("something odd happened", "zh") == "something odd happened"
