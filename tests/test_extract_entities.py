"""The editorial gazetteer: loading, validation, matching rules, unknown names."""

from pathlib import Path

import pytest

from jvreader.errors import SourceError
from jvreader.extract.entities import load_gazetteer, parse_gazetteer, unknown_names

SEED_GAZETTEER = Path(__file__).parent.parent / "seeds" / "gazetteer.yml"

SMALL = """
entities:
  - {id: south-china-sea, name: South China Sea, kind: place, aliases: [East Sea]}
  - {id: east-china-sea, name: East China Sea, kind: place}
  - {id: trong, name: Nguyen Phu Trong, kind: person, native: {vi: Nguyễn Phú Trọng}}
  - {id: abe, name: Shinzo Abe, kind: person, aliases: [Abe], native: {ja: 安倍晋三}}
  - {id: oda, name: Official Development Assistance, kind: programme, aliases: [ODA]}
  - {id: pattern, name: "(.*)+", kind: other}
  - {id: ocean, name: ocean, kind: place}
"""


def found(text: str, source: str = SMALL) -> list[tuple[str, str]]:
    gazetteer = parse_gazetteer(source)
    return [(text[s:e], eid) for s, e, eid in gazetteer.find_mentions(text)]


def test_longest_alias_wins_so_east_china_sea_is_not_the_east_sea():
    assert found("Both the East China Sea and the East Sea.") == [
        ("East China Sea", "east-china-sea"), ("East Sea", "south-china-sea")]


def test_vietnamese_name_matches_with_and_without_diacritics():
    assert found("Nguyen Phu Trong, or Nguyễn Phú Trọng.") == [
        ("Nguyen Phu Trong", "trong"), ("Nguyễn Phú Trọng", "trong")]


def test_native_script_name_matches_inside_unspaced_text():
    assert found("首相安倍晋三は言った。Abe’s plan.") == [("安倍晋三", "abe"), ("Abe", "abe")]


def test_whole_words_only_and_acronyms_keep_their_case():
    assert found("Abenomics, ODA and oda, Oda.") == [("ODA", "oda")]


def test_lower_case_alias_matches_in_any_case():
    assert found("ocean, Ocean, OCEAN, oceans") == [("ocean", "ocean"), ("Ocean", "ocean"),
                                                    ("OCEAN", "ocean")]


def test_alias_is_literal_text_never_a_pattern():
    assert found("a (.*)+ b (xx)+ c") == [("(.*)+", "pattern")]


def test_seed_gazetteer_loads_and_links_the_two_names_of_the_south_china_sea():
    gazetteer = load_gazetteer(SEED_GAZETTEER)
    text = "Vietnam calls the South China Sea the East Sea; Japan borders the East China Sea."
    ids = [eid for _, _, eid in gazetteer.find_mentions(text)]
    assert ids == ["vietnam", "south-china-sea", "south-china-sea", "japan", "east-china-sea"]


@pytest.mark.parametrize(("source", "message", "line"), [
    ("entities: [\n  {id: a, name: A, kind: place\n", "malformed YAML", 3),
    ("entities:\n  - {id: a, name: A, kind: place}\n  - {id: a, name: B, kind: place}\n",
     "duplicate entity id 'a'", 3),
    ("entities:\n  - {id: a, name: A, kind: planet}\n", "kind 'planet'", 2),
    ("entities:\n  - {id: A B, name: A, kind: place}\n", "id 'A B'", 2),
    ("entities:\n  - {id: a, name: A, kind: place, alias: [x]}\n", "unknown key", 2),
    ("entities:\n  - {id: a, name: A, kind: place}\n  - {id: b, name: B, kind: place, "
     "aliases: [A]}\n", "already an alias of 'a'", 3),
    ("- just a list\n", "must be a mapping with an 'entities:' list", 1),
])
def test_malformed_gazetteer_is_a_source_error_with_its_line(tmp_path, source, message, line):
    path = tmp_path / "gazetteer.yml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_gazetteer(path)
    assert message in err.value.message
    assert err.value.line == line
    assert str(path) in str(err.value)


def test_missing_gazetteer_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        load_gazetteer(tmp_path / "nope.yml")


def test_unknown_names_are_capitalised_runs_the_gazetteer_does_not_cover():
    text = "The Sasakawa Peace Foundation met Prime Minister Shinzo Abe in Southeast Asian ports."
    known = parse_gazetteer(SMALL).find_mentions(text)
    assert unknown_names(text, known) == {"Sasakawa Peace Foundation": 1}


def seed_found(text: str) -> list[tuple[str, str]]:
    gazetteer = load_gazetteer(SEED_GAZETTEER)
    return [(text[s:e], eid) for s, e, eid in gazetteer.find_mentions(text)]


def test_seed_gazetteer_finds_native_names_in_japanese_without_spaces():
    assert seed_found("岸田文雄首相はハノイでベトナムの指導者と会い、日本の支援を約束した。") == [
        ("岸田文雄", "fumio-kishida"), ("ハノイ", "hanoi"), ("ベトナム", "vietnam"),
        ("日本", "japan")]


def test_seed_gazetteer_finds_vietnamese_names_with_or_without_diacritics():
    assert seed_found("Nhật Bản và Việt Nam ký thỏa thuận; Viet Nam, Vietnam và Nhat Ban.") == [
        ("Nhật Bản", "japan"), ("Việt Nam", "vietnam"), ("Viet Nam", "vietnam"),
        ("Vietnam", "vietnam"), ("Nhat Ban", "japan")]


def test_decomposed_and_half_width_text_matches_like_composed_full_width():
    import unicodedata
    text = unicodedata.normalize("NFD", "Ông Nguyễn Phú Trọng tới ") + "ﾍﾞﾄﾅﾑ"
    assert seed_found(text) == [(unicodedata.normalize("NFD", "Nguyễn Phú Trọng"),
                                 "nguyen-phu-trong"), ("ﾍﾞﾄﾅﾑ", "vietnam")]
    assert seed_found("ＪＩＣＡ and ＡＳＥＡＮ") == [("ＪＩＣＡ", "jica"), ("ＡＳＥＡＮ", "asean")]


def test_a_one_word_alias_with_diacritics_needs_them():
    # "Mỹ" is the United States in Vietnamese; without its mark it is English "My".
    assert seed_found("Mỹ và Nhật. My view of Japan.") == [
        ("Mỹ", "united-states"), ("Nhật", "japan"), ("Japan", "japan")]


def test_kana_keep_their_voicing_marks():
    assert found("ヘトナム", """
entities:
  - {id: vn, name: Vietnam, kind: place, native: {ja: ベトナム}}
""") == []


def test_many_unspaced_aliases_are_found_by_their_first_character():
    entries = "\n".join(f"  - {{id: e{i}, name: 名{i:03d}番, kind: other}}" for i in range(300))
    source = "entities:\n" + entries + "\n  - {id: long, name: 名001番地, kind: place}\n"
    assert found("名001番地と名299番と名7番", source) == [("名001番地", "long"),
                                                     ("名299番", "e299")]
