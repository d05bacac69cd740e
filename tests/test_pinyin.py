"""The pinyin of IRI slugs (budgetld.rdf.pinyin) is pypinyin's with its whole phrase
dictionary, though only the phrases occurring in a text are loaded. Both run in fresh
processes, so that neither sees the other's pypinyin."""

from __future__ import annotations

import json
import subprocess
import sys

from budgetld.codelists import classification

#: Made-up names whose polyphonic characters take their reading from a phrase (重庆 is chong
#: qing, not zhong; 银行, 长江, 还款, 朝阳), phrases that overlap (the longest one starting first wins), Latin
#: letters and digits between Han runs, and text with no phrase at all.
MADE_UP = ["重庆市长寿区银行业务管理中心", "长江流域水利还款专项", "朝阳区朝阳门街道办事处",
           "2025年度PPP项目（第2批）", "乐亭县音乐学校", "中华人民共和国行政单位", "一二三", "abc"]

_REFERENCE = "import json, sys\nfrom pypinyin import lazy_pinyin\n" \
             "print(json.dumps([lazy_pinyin(t, v_to_u=False) for t in json.load(sys.stdin)]))"
_OURS = "import json, sys\nfrom budgetld.rdf.pinyin import lazy_pinyin\n" \
        "print(json.dumps([lazy_pinyin(t) for t in json.load(sys.stdin)]))"


def _run(program: str, texts: list[str]) -> list[list[str]]:
    done = subprocess.run([sys.executable, "-c", program], input=json.dumps(texts),
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout)


def test_same_pinyin_as_pypinyin_with_its_whole_dictionary():
    names = sorted({code.zh for scheme in ("function", "econ-dept", "econ-gov")
                    for year in (2018, 2022, 2026) for code in classification(scheme).year_codes(year)})
    texts = [*MADE_UP, *names, "".join(names[:40])]
    ours = _run(_OURS, texts)
    assert ours == _run(_REFERENCE, texts)
    assert ours[0][:2] == ["chong", "qing"] and "hang" in ours[0]


def test_a_dictionary_file_laid_out_otherwise_is_not_searched(tmp_path, monkeypatch):
    """Another pypinyin version might write its files on one line or unsorted: then they are
    left to pypinyin, which loads all of them."""
    import importlib.machinery

    from budgetld.rdf import pinyin

    phrases = {f"{a}{b}": [["x"], ["y"]] for a in "长重行乐朝还银中华人民共"
               for b in "江庆业亭阳款行国和区县市"}
    characters = {str(code): "x,y" for code in range(0x4E00, 0x4E00 + 200)}
    spec = importlib.machinery.ModuleSpec("pypinyin", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(pinyin.importlib.util, "find_spec", lambda name: spec)
    for name, entries, search in [("phrases_dict.json", phrases, pinyin._phrases.__wrapped__),
                                  ("pinyin_dict.json", characters, pinyin._characters.__wrapped__)]:
        assert search() is None  # no file
        (tmp_path / name).write_text(json.dumps(entries, ensure_ascii=False, indent=0, sort_keys=True),
                                     encoding="utf-8")
        assert search() is not None
        (tmp_path / name).write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        assert search() is None
        unsorted = dict(sorted(entries.items(), reverse=True))
        (tmp_path / name).write_text(json.dumps(unsorted, ensure_ascii=False, indent=0),
                                     encoding="utf-8")
        assert search() is None
    by_character = {chr(int(code)): reading for code, reading in characters.items()}
    (tmp_path / "pinyin_dict.json").write_text(json.dumps(by_character, ensure_ascii=False, indent=0,
                                                          sort_keys=True), encoding="utf-8")
    assert pinyin._characters.__wrapped__() is None  # keyed by the characters, not code points


def test_a_character_is_found_wherever_it_stands_in_the_file():
    """The first and last characters of pypinyin's table, one between, and ones it has no
    reading for, looked up in its file, as pypinyin itself reads them."""
    program = ("import json, sys\nfrom budgetld.rdf import pinyin\nfrom pypinyin.pinyin_dict import pinyin_dict\n"
               "codes = sorted(pinyin_dict)\n"
               "asked = [codes[0], codes[len(codes) // 2], codes[-1], codes[-1] + 1, 0x41, 0x4E00]\n"
               "print(json.dumps([[pinyin._reading(c), pinyin_dict.get(c)] for c in asked]))")
    found = json.loads(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                                      check=True, timeout=300).stdout)
    assert all(ours == theirs for ours, theirs in found)
    assert found[0][0] and found[3][0] is None and found[4][0] is None
