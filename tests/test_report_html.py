"""HTML reports: the contract page and the audit index, as markup and as rendered by headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from extractor.api import check
from extractor.report.html import CONTRACT_JS, render_contract, render_index

from .conftest import run_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

NASTY = """<script>alert("x")</script> & "引号" 服务协议
合同编号：A&B<01>
甲方：<b>某某</b>公司
乙方：____
第一章 总则
1.1 本协议自____年__月__日起生效。
第三章 其他
3.1 "引号" & <标签> 不得作为标记。
"""


def parse(text: str):
    return lxml_html.fromstring(text)


def test_contract_page_shows_text_blanks_gaps_and_linked_findings():
    result = check(SAMPLES / "seed.txt")
    doc = parse(render_contract(result, index_href="index.html"))
    assert doc.findtext(".//h1") == "智能客服系统升级服务协议"
    lines = doc.xpath("//div[contains(concat(' ', @class, ' '), ' l ')]")
    assert [int(d.get("id")[1:]) for d in lines] == [line.no for line in result.lines]
    # every blank is marked, each with its anchor; all 18 are empty in the seed
    marks = doc.xpath("//mark[contains(@class, 'blank')]")
    assert len({m.get("id") for m in marks if m.get("id")}) == len(result.blanks) == 18
    assert all("empty" in m.get("class") for m in marks)
    assert doc.xpath("//div[@id='L58']//mark[contains(@class,'empty')]")[0].text == "____"
    # the missing 第十三章 is shown where it should be: just before the line of 第十四章
    gap = doc.xpath("//div[contains(@class,'gap')]")
    assert len(gap) == 1 and "第十三章" in gap[0].text_content()
    assert gap[0].getnext().get("id") == "L166"
    # findings are listed and link to existing line anchors, and lines link back to them
    items = doc.xpath("//ol[@class='findings']/li")
    assert len(items) == len(result.findings)
    ids = set(doc.xpath("//@id"))
    for href in doc.xpath("//ol[@class='findings']//a/@href") + doc.xpath("//span[@class='flags']/a/@href"):
        assert href.startswith("#") and href[1:] in ids
    # above and below the page, the links of an audit's page: back to the index (no neighbours given here)
    assert doc.xpath("//a[text()='← all contracts']/@href") == ["index.html", "index.html"]
    assert not doc.xpath("//a[@rel='prev' or @rel='next']")
    # the dropped web-page lines are said, not shown
    assert "10 line(s) before the contract not shown" in doc.text_content()


def test_filled_values_and_party_values_are_marked():
    result = check(SAMPLES / "seed-signed.txt")
    doc = parse(render_contract(result))
    filled = doc.xpath("//mark[contains(@class,'filled')]")
    assert {m.text_content() for m in filled} >= {"__30__", "__YF-FW-2024-031__"}
    assert (
        "".join(m.text_content() for m in doc.xpath("//div[@class='text']//mark[contains(@class,'na')]"))
        == "__/__"
    )
    values = [m.text_content() for m in doc.xpath("//mark[contains(@class,'value')]")]
    assert "0571-88263915" in values
    assert not doc.xpath("//div[contains(@class,'gap')]")


def test_everything_from_the_contract_is_escaped():
    result = run_text(NASTY, "nasty <1>.txt")
    page = render_contract(result)
    doc = parse(page)
    # the one script is the page's own (the rule menu), none from the contract
    assert [x.text for x in doc.xpath("//script")] == [CONTRACT_JS] and not doc.xpath("//b")
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert doc.xpath("//p[@id='source']")[0].text_content().startswith("nasty <1>.txt")
    assert "<标签>" in doc.xpath("//div[@id='L8']")[0].text_content()


def test_index_rows():
    rows = [
        {
            "path": "a/合同 1.txt",
            "href": "a/%E5%90%88%E5%90%8C%201.txt.html",
            "status": "ok",
            "title": "服务<协议>",
            "format": "txt",
            "error": 3,
            "warning": 1,
            "info": 0,
            "empty_blanks": 2,
            "missing_chapters": ["第十三章"],
        },
        {
            "path": "b.pdf",
            "href": None,
            "status": "error",
            "format": "pdf",
            "failure": {"kind": "unsupported", "message": "binary data"},
        },
    ]
    doc = parse(
        render_index(
            rows, totals={"files": 2, "failed": 1, "error": 3, "warning": 1, "info": 0, "empty_blanks": 2}
        )
    )
    trs = doc.xpath("//table[@id='contracts']/tbody/tr")
    assert len(trs) == 2
    assert trs[0].get("data-errors") == "3" and trs[0].xpath(".//a/@href") == [rows[0]["href"]]
    assert trs[0].xpath("td")[1].text_content() == "服务<协议>"
    assert trs[1].get("class") == "failed" and "unsupported: binary data" in trs[1].text_content()
    assert not trs[1].xpath(".//a")
    assert "1 could not be read" in doc.xpath("//div[@id='totals']")[0].text_content()
    # the cells name themselves for the card layout of a narrow screen
    assert [td.get("data-label") for td in trs[0].xpath("td[contains(@class,'num')]")] == [
        "errors",
        "warnings",
        "info",
        "empty blanks",
    ]
    assert [td.get("class").split()[0] for td in trs[0].xpath("td")] == [
        "path",
        "title",
        "fmt",
        "num",
        "num",
        "num",
        "num",
        "miss",
    ]
    assert trs[0].xpath("td[@class='miss']")[0].text_content() == "第十三章"
    assert doc.xpath("//select[@id='sort']/option/@value")[:2] == ["", "error:d"]


def test_check_format_html(tmp_path: Path):
    out = tmp_path / "report.html"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "extractor",
            "check",
            str(SAMPLES / "seed.txt"),
            "--format",
            "html",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1, r.stderr  # the seed has errors
    doc = parse(out.read_text(encoding="utf-8"))
    assert doc.findtext(".//h1") == "智能客服系统升级服务协议"
    assert not doc.xpath("//a[text()='← all contracts']")
    # the path links to the original file, relative to the page
    (href,) = doc.xpath("//p[@id='source']/a/@href")
    assert (out.parent / href).resolve() == (SAMPLES / "seed.txt").resolve()


def test_pages_speak_chinese_by_default(zh):
    page = parse(render_contract(check(SAMPLES / "seed.txt")))
    assert page.get("lang") == "zh-CN"
    assert page.xpath("//h2[@id='findings']")[0].text_content().startswith("问题（")
    assert "错误" in page.xpath("//span[contains(@class,'sev')]/text()")
    assert "个错误" in page.xpath("//div[@id='summary']")[0].text_content()
    index = parse(render_index([{"path": "a.txt", "href": "a.txt.html", "status": "ok", "error": 1}]))
    assert [th.text_content() for th in index.xpath("//thead//th")][:2] == ["合同文件", "合同标题"]
    assert index.xpath("//span[@id='shown']/@data-of")[0] == "显示 {n}/{total} 份"


def test_index_rows_can_be_filtered_by_rule():
    row = {"path": "a.txt", "href": None, "status": "ok", "error": 1, "rules": {"S101 missing-chapter": 1}}
    (tr,) = parse(render_index([row])).xpath("//tbody/tr")
    assert "S101 missing-chapter" in tr.get("data-rules") and "章或条缺失" in tr.get("data-rules")


# --- in a real browser -------------------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("headless Chromium is not installed (Debian: apt-get install -y chromium)")


def _browser(binary: str, url: str, *extra: str) -> str:
    r = subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def _screens(tmp_path: Path) -> Path:
    """Where screenshots go: $HETONG_SCREENSHOTS (to keep them for review) or the test's tmp dir."""
    d = Path(os.environ.get("HETONG_SCREENSHOTS") or tmp_path / "screens")
    d.mkdir(parents=True, exist_ok=True)
    return d


def test_pages_render_in_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    binary = _chromium()
    from extractor.audit.run import Options, audit

    monkeypatch.setenv("HETONG_CACHE_DIR", str(tmp_path / "cache"))
    tree = tmp_path / "合同"
    (tree / "子目录").mkdir(parents=True)
    for name in ("seed.txt", "seed-signed.txt", "service-numbered.docx"):
        shutil.copy(SAMPLES / name, tree / name)
    shutil.copy(SAMPLES / "procurement-items.txt", tree / "子目录" / "采购 合同.txt")
    (tree / "nasty.txt").write_text(NASTY, encoding="utf-8")
    (tree / "broken.pdf").write_bytes(b"\x00\x01" * 64)
    site = tmp_path / "site"
    audit(Options(paths=[str(tree)], html=str(site), workers=2))

    index_url = site.joinpath("index.html").as_uri()
    dom = parse(_browser(binary, index_url, "--dump-dom"))
    rows = dom.xpath("//table[@id='contracts']/tbody/tr")
    assert len(rows) == 6
    assert dom.xpath("//span[@id='shown']")[0].text_content() == "6 of 6 shown"  # the script ran
    # the filter and sort state can come from the URL fragment
    dom = parse(_browser(binary, index_url + "#q=seed", "--dump-dom"))
    visible = [r for r in dom.xpath("//table[@id='contracts']/tbody/tr") if r.get("hidden") is None]
    assert sorted(r.xpath("td")[0].text_content() for r in visible) == ["seed-signed.txt", "seed.txt"]
    assert visible[0].xpath("td")[0].get("title").startswith(str(tree))
    dom = parse(_browser(binary, index_url + "#sort=error&desc=1", "--dump-dom"))
    first = dom.xpath("//table[@id='contracts']/tbody/tr")[0]
    most = max(tree.rglob("*.txt"), key=lambda f: check(f).summary()["error"])
    assert first.xpath("td")[0].text_content() == most.relative_to(tree).as_posix()  # the most errors
    dom = parse(_browser(binary, index_url + "#status=failed", "--dump-dom"))
    visible = [r for r in dom.xpath("//table[@id='contracts']/tbody/tr") if r.get("hidden") is None]
    assert [r.xpath("td")[0].text_content() for r in visible] == ["broken.pdf"]
    # the rule menu lists the rules found, each with its number of contracts, and keeps those with it
    from urllib.parse import quote

    dom = parse(
        _browser(binary, index_url + "#rule=" + quote("S101 missing-chapter 章或条缺失"), "--dump-dom")
    )
    options = {o.get("value"): o.text_content() for o in dom.xpath("//select[@id='rule']/option")}
    visible = [r for r in dom.xpath("//table[@id='contracts']/tbody/tr") if r.get("hidden") is None]
    assert options["S101 missing-chapter 章或条缺失"] == f"S101 missing-chapter 章或条缺失 ({len(visible)})"
    assert "seed.txt" in [r.xpath("td")[0].text_content() for r in visible]
    assert all("S101" in r.get("data-rules") for r in visible)
    assert len(visible) < len(dom.xpath("//table[@id='contracts']/tbody/tr"))
    # and the state menu: the blank models only
    dom = parse(_browser(binary, index_url + "#state=template", "--dump-dom"))
    visible = [r for r in dom.xpath("//table[@id='contracts']/tbody/tr") if r.get("hidden") is None]
    assert visible and all(r.get("data-state") == "template" for r in visible)
    assert "seed.txt" in [r.xpath("td")[0].text_content() for r in visible]
    assert "seed-signed.txt" not in [r.xpath("td")[0].text_content() for r in visible]

    # the contract pages, as the browser builds them
    page = site / "seed.txt.html"
    dom = parse(_browser(binary, page.as_uri(), "--dump-dom"))
    assert dom.findtext(".//h1") == "智能客服系统升级服务协议"
    assert len(dom.xpath("//mark[contains(@class,'empty')]")) >= 18
    assert dom.xpath("//div[contains(@class,'gap')]")[0].getnext().get("id") == "L166"
    deep = site / "子目录" / "采购 合同.txt.html"
    dom = parse(_browser(binary, deep.as_uri(), "--dump-dom"))
    assert set(dom.xpath("//a[text()='← all contracts']/@href")) == {"../index.html"}
    dom = parse(_browser(binary, (site / "nasty.txt.html").as_uri(), "--dump-dom"))
    assert [x.text for x in dom.xpath("//script")] == [CONTRACT_JS] and not dom.xpath("//b")

    # screenshots (desktop and phone) for a person to review
    shots = _screens(tmp_path)
    for name, target in (
        ("index", site / "index.html"),
        ("seed", page),
        ("signed", site / "seed-signed.txt.html"),
        ("docx", site / "service-numbered.docx.html"),
        ("procurement", deep),
    ):
        for label, size in (("desktop", "1280,1800"), ("phone", "390,1600")):
            png = shots / f"{name}-{label}.png"
            _browser(binary, target.as_uri(), f"--window-size={size}", f"--screenshot={png}")
            assert png.stat().st_size > 10_000
    print(f"screenshots in {shots}")


#: appended to a copy of the index: writes what the browser laid out into the DOM, for --dump-dom
LAYOUT_PROBE = """<script>
(function(){var t=document.getElementById('contracts'),r=t.tBodies[0].rows[0],d=document.documentElement,
out=document.createElement('pre');out.id='layout';
out.textContent=JSON.stringify({overflow:d.scrollWidth-d.clientWidth,row:getComputedStyle(r).display,
head:getComputedStyle(t.tHead).display,sort:getComputedStyle(document.getElementById('sort')).display,
cells:[].map.call(r.cells,function(c){return c.getBoundingClientRect().right<=d.clientWidth;}),
hidden:[].filter.call(t.tBodies[0].rows,function(x){return getComputedStyle(x).display==='none';}).length});
document.body.appendChild(out);})();
</script>"""


def test_index_reads_on_a_phone_in_chromium(tmp_path: Path):
    """At a phone's width the rows become cards: nothing wider than the screen, every cell on screen."""
    import json

    binary = _chromium()
    rows = [
        {
            "path": f"一个很长的子目录名称/另一个子目录/合同 {i} 很长的文件名称-version-final-final.docx",
            "href": f"{i}.html",
            "status": "ok",
            "title": "关于智能客服系统升级与长期运行维护的技术服务协议" * 2,
            "format": "docx",
            "error": i,
            "warning": 2,
            "info": 0,
            "empty_blanks": 12,
            "missing_chapters": ["第十三章", "第十四章"],
        }
        for i in range(3)
    ] + [
        {
            "path": "broken.pdf",
            "status": "error",
            "format": "pdf",
            "failure": {"kind": "unsupported", "message": "binary data of an unknown kind, not a contract"},
        }
    ]
    page = render_index(rows, totals={"files": 4, "failed": 1, "error": 3, "warning": 6, "info": 0})
    index = tmp_path / "index.html"
    index.write_text(page.replace("</body>", LAYOUT_PROBE + "</body>"), encoding="utf-8")

    def layout(size: str, fragment: str = "") -> dict:
        dom = parse(_browser(binary, index.as_uri() + fragment, f"--window-size={size}", "--dump-dom"))
        return json.loads(dom.xpath("//pre[@id='layout']")[0].text_content())

    phone = layout("390,844")
    assert phone["overflow"] <= 0  # no sideways scrolling
    assert phone["row"] == "grid" and phone["head"] == "none" and phone["sort"] == "block"
    assert all(phone["cells"])
    filtered = layout("390,844", "#status=failed")
    assert filtered["hidden"] == 3  # a card hidden by the filter is hidden (display:grid does not win)
    desktop = layout("1280,900")
    assert desktop["row"] == "table-row" and desktop["sort"] == "none"
    shots = _screens(tmp_path)
    png = shots / "index-cards-phone.png"
    _browser(binary, index.as_uri(), "--window-size=390,844", f"--screenshot={png}")
    assert png.stat().st_size > 10_000


def test_the_contract_page_counts_its_findings_by_rule():
    result = check(SAMPLES / "seed.txt")
    page = parse(render_contract(result))
    chips = page.xpath("//p[@class='by-rule']/a")
    ids = set(page.xpath("//@id"))
    assert chips and all(a.get("href")[1:] in ids for a in chips)
    counted = {a.text_content().split()[0]: int(a.text_content().rsplit("×", 1)[1]) for a in chips}
    from collections import Counter

    assert counted == dict(Counter(f.code for f in result.findings))
    assert chips[0].text_content().startswith("S107")  # the heaviest first: no signature block


def test_the_contract_page_groups_its_findings_by_rule():
    from collections import Counter

    from extractor.rules import ranked, weight

    result = check(SAMPLES / "seed.txt")
    page = parse(render_contract(result))
    groups = page.xpath("//details[contains(@class,'group')]")
    codes = [g.get("data-rule") for g in groups]
    # one group per rule, with every finding of the rule, each finding once
    assert Counter(codes) == Counter(set(codes)) and set(codes) == {f.code for f in result.findings}
    for g in groups:
        items = g.xpath(".//ol[@class='findings']/li")
        assert {li.xpath("span[@class='code']")[0].text for li in items} == {g.get("data-rule")}
        assert g.xpath("summary/span[@class='n']")[0].text == f"×{len(items)}"
    assert len(page.xpath("//ol[@class='findings']/li")) == len(result.findings)
    # the groups in the order the reports rank findings: heaviest rule first
    assert codes == list(dict.fromkeys(f.code for f in ranked(result.findings)))
    assert [weight(c) for c in codes] == sorted((weight(c) for c in codes), reverse=True)
    # errors and warnings open, info closed; the summary says the severity and the rule's name
    sev = {f.code: f.severity for f in result.findings}
    assert {g.get("data-rule"): g.get("open") is not None for g in groups} == {
        c: sev[c] != "info" for c in codes
    }
    s107 = page.xpath("//details[@id='R-S107']/summary")[0].text_content()
    assert s107.startswith("error S107 缺少签署栏 missing-signature") and s107.endswith("×1")
    # the chips link to their groups, the menu lists the same rules in the same order
    assert page.xpath("//p[@class='by-rule']/a/@href") == [f"#R-{c}" for c in codes]
    assert page.xpath("//select[@id='rule-filter']/option/@value") == ["", *codes]


def test_a_page_with_one_rule_or_none_has_no_menu():
    page = parse(render_contract(check(SAMPLES / "labor-gbk.txt")))  # B201 only
    assert len(page.xpath("//details[contains(@class,'group')]")) == 1
    assert not page.xpath("//select[@id='rule-filter']")
    page = parse(render_contract(check(SAMPLES / "seed-signed.txt")))  # no finding
    assert not page.xpath("//details[contains(@class,'group')]") and not page.xpath("//script")


#: appended to a contract page: folds and unfolds a group, uses the rule menu, and writes what the
#: browser showed into the DOM for --dump-dom (checkVisibility: a closed group's findings keep their boxes)
GROUP_PROBE = """<script>
(function(){function vis(e){return e.checkVisibility?e.checkVisibility():e.getClientRects().length>0;}
var gs=[].slice.call(document.querySelectorAll('details.group')),sel=document.getElementById('rule-filter'),
out={};function shown(){var o={};gs.forEach(function(g){o[g.dataset.rule]=[].filter.call(g.querySelectorAll('li'),vis)
.length;});return o;}
out.initial=shown();var g=gs[0],s=g.querySelector('summary');
s.click();out.folded=[g.open,shown()];s.click();out.unfolded=[g.open,shown()];
var closed=gs.filter(function(x){return !x.open;})[0];closed.querySelector('summary').click();
out.info_opened=[closed.dataset.rule,shown()];
sel.value=gs[1].dataset.rule;sel.dispatchEvent(new Event('change'));out.one=[sel.value,shown()];
sel.value='';sel.dispatchEvent(new Event('change'));out.all=shown();
var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);
document.body.appendChild(pre);})();
</script>"""


def test_rule_groups_fold_and_the_menu_filters_in_chromium(tmp_path: Path):
    import json
    from collections import Counter
    from urllib.parse import quote

    binary = _chromium()
    result = check(SAMPLES / "seed.txt")
    count = Counter(f.code for f in result.findings)
    sev = {f.code: f.severity for f in result.findings}
    html_text = render_contract(result)
    page = tmp_path / "seed.html"
    page.write_text(html_text.replace("</body>", GROUP_PROBE + "</body>"), encoding="utf-8")
    dom = parse(_browser(binary, page.as_uri(), "--dump-dom"))
    probe = json.loads(dom.xpath("//pre[@id='probe']")[0].text_content())
    groups = [g.get("data-rule") for g in dom.xpath("//details[contains(@class,'group')]")]
    first, second = groups[0], groups[1]
    # at first the findings of the open groups show, those of the info groups do not
    assert probe["initial"] == {c: (count[c] if sev[c] != "info" else 0) for c in groups}
    # a click on a group's summary folds it, another unfolds it
    folded_open, folded = probe["folded"]
    assert not folded_open and folded[first] == 0 and folded == {**probe["initial"], first: 0}
    unfolded_open, unfolded = probe["unfolded"]
    assert unfolded_open and unfolded == probe["initial"]
    rule, opened = probe["info_opened"]
    assert sev[rule] == "info" and opened[rule] == count[rule]
    # the menu shows one rule's findings only, and all again when cleared
    chosen, one = probe["one"]
    assert chosen == second and one == {c: (count[c] if c == second else 0) for c in groups}
    assert probe["all"] == {**probe["initial"], rule: count[rule]}

    # the menu's choice can come from the address; a link to a finding in a closed group opens it
    clean = tmp_path / "clean.html"
    clean.write_text(html_text, encoding="utf-8")
    dom = parse(_browser(binary, clean.as_uri() + "#rule=" + quote(second), "--dump-dom"))
    hidden = {
        g.get("data-rule"): g.get("hidden") is not None
        for g in dom.xpath("//details[contains(@class,'group')]")
    }
    assert hidden == {c: c != second for c in groups}
    info = next(c for c in groups if sev[c] == "info")
    anchor = dom.xpath(f"//details[@data-rule='{info}']//li/@id")[0]
    dom = parse(_browser(binary, clean.as_uri() + "#" + anchor, "--dump-dom"))
    assert dom.xpath(f"//details[@data-rule='{info}']/@open")
    assert dom.xpath(f"//details[@data-rule='{first}']/@open")  # the others as they were
    # a link to a finding the menu hides (a code at its line, say) shows every rule again, the group open
    follow = tmp_path / "follow.html"
    follow.write_text(
        html_text.replace("</body>", FOLLOW_PROBE.replace("@@F@@", anchor) + "</body>"), "utf-8"
    )
    dom = parse(_browser(binary, follow.as_uri() + "#rule=" + quote(first), "--dump-dom"))
    probe = json.loads(dom.xpath("//pre[@id='probe']")[0].text_content())
    assert probe == {"before": [first, True, False], "after": ["", False, True]}


#: appended to a contract page opened with a rule chosen: follows a link to a finding of another rule
#: (@@F@@) and writes the menu and that finding's group (hidden, open) before and after
FOLLOW_PROBE = """<script>
(function(){var sel=document.getElementById('rule-filter'),t=document.getElementById('@@F@@'),
g=t.closest('details'),out={};function state(){return [sel.value,g.hidden,g.open];}
out.before=state();window.addEventListener('hashchange',function(){setTimeout(function(){out.after=state();
var pre=document.createElement('pre');pre.id='probe';pre.textContent=JSON.stringify(out);
document.body.appendChild(pre);},0);});location.hash='@@F@@';})();
</script>"""
