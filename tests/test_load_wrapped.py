"""Lines wrapped in a printed column (text copied from a PDF) joined into paragraphs, in
Japanese as in English; lines that stand alone stay apart. Texts written for these tests."""

from __future__ import annotations

from jvreader.load.blocks import display_width, ends_sentence, split_blocks
from jvreader.load.clean import Line

# A Japanese notice as a PDF gives it: each line ends where the column does, even inside a
# number (総額12 / 3億4,500万円), and short lines end paragraphs and list items.
NOTICE = """1.3月2日(水)10時より,東京の外務省において,日本側山田太郎大使と,先方の
鈴木次郎大臣との間で,本年度の案件として決まった次の3件,総額12
3億4,500万円に関する書簡の署名と交換が行われました。
(1)北部地方橋梁建設計画(第二期)(Northern Region Bridge Construction
Project (II))と南部地方の道路改良計画(第一期)の合計額(45億
6,000万円)
2.式典では,山田大使より,今後も両国の協力を深めていきたいとの考えを述べ
ました。(詳細別添)
(了)"""


def _blocks(text: str) -> list[str]:
    return [b.text for b in split_blocks([Line(i + 1, t) for i, t in
                                           enumerate(text.split("\n"))])]


def test_a_japanese_column_is_joined_into_its_paragraphs_without_spaces() -> None:
    blocks = _blocks(NOTICE)
    assert blocks[0].endswith("総額123億4,500万円に関する書簡の署名と交換が行われました。")
    assert blocks[0].startswith("1.3月2日(水)")
    # Latin words keep their space; a number cut by the margin is whole again
    assert blocks[1] == ("(1)北部地方橋梁建設計画(第二期)(Northern Region Bridge Construction "
                         "Project (II))と南部地方の道路改良計画(第一期)の合計額(45億6,000万円)")
    # a sentence closed before a note in brackets ends the paragraph
    assert blocks[2] == ("2.式典では,山田大使より,今後も両国の協力を深めていきたいとの考えを"
                         "述べました。(詳細別添)")
    assert blocks[3] == "(了)"


def test_a_headline_byline_and_date_stay_apart() -> None:
    assert _blocks("日本とベトナム、巡視船の供与で合意へ\n文・佐藤花子\n2016年6月4日") == [
        "日本とベトナム、巡視船の供与で合意へ", "文・佐藤花子", "2016年6月4日"]
    assert _blocks("Japan and Vietnam agree to speed up the patrol ship project today\n"
                   "By Jane Doe\nJune 4, 2016") == [
        "Japan and Vietnam agree to speed up the patrol ship project today", "By Jane Doe",
        "June 4, 2016"]


def test_one_english_line_per_paragraph_is_not_joined() -> None:
    lines = ["The two ministers met in Hanoi and agreed on a plan for the coming year",
             "Officials said the plan would be signed in the autumn after more talks",
             "Both sides called the meeting a step forward for their partnership"]
    assert len(_blocks("\n".join(lines))) in (1, 3)  # wrapped prose joins as before …
    menu = ["Home", "World news", "Asia", "Japan and Vietnam agree to speed up the project"]
    assert _blocks("\n".join(menu)) == menu  # … a menu never does


def test_width_counts_wide_characters_twice_and_sentence_ends_in_every_script() -> None:
    assert display_width("日本 2016") == 9
    assert ends_sentence("述べました。") and ends_sentence("述べました。(詳細別添)")
    assert ends_sentence("He said so. (Reuters)") and not ends_sentence("総額12")
    assert ends_sentence("「本当か？」")
