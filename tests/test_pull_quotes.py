"""Pull quotes: a block repeating a sentence found in a block near it is dropped, whichever
block holds that sentence and however many other sentences that block has."""

from __future__ import annotations

from jvreader.load.blocks import Block, drop_pull_quotes

_FILLER = [
    "The ministry published its annual review of regional shipping routes on Monday.",
    "Officials declined to comment on the schedule for the next round of talks.",
    "Local fishermen reported calmer weather along the coast during the week.",
    "A delegation of engineers toured the new port facilities near the river mouth.",
]


def _article(quote: str, source_block: str) -> list[Block]:
    """Filler blocks, the block holding the quoted sentence among others, the pull quote."""
    blocks = [Block(text, i + 1) for i, text in enumerate(_FILLER)]
    blocks.insert(2, Block(source_block, 3))
    blocks.append(Block(quote, 9))
    return blocks


def test_pull_quote_repeating_a_sentence_inside_a_long_block_is_dropped() -> None:
    sentence = ("Both governments agreed that the coastal patrol programme would expand "
                "to four more provinces before the end of the decade.")
    source = (f"The meeting lasted three hours. {sentence} Observers called the outcome "
              "modest. Further details are expected next month.")
    kept, quotes = drop_pull_quotes(_article(sentence, source))
    assert [q.text for q in quotes] == [sentence]
    assert quotes[0].repeats == sentence
    assert sentence not in [b.text for b in kept]
    assert any(b.text == source for b in kept)


def test_a_block_sharing_only_some_words_is_no_pull_quote() -> None:
    # Half the words of the source sentence, reordered: below the 80 % a repeat needs.
    source = ("Both governments agreed that the coastal patrol programme would expand "
              "to four more provinces before the end of the decade. Observers were calm.")
    near = ("The coastal programme of the two governments may still change its plans, "
            "critics of the agreement wrote in an open letter.")
    kept, quotes = drop_pull_quotes(_article(near, source))
    assert quotes == []
    assert near in [b.text for b in kept]


def test_pull_quote_in_vietnamese_and_in_greek_capitals_is_dropped() -> None:
    vietnamese = ("Hai nước nhất trí mở rộng hợp tác cảng biển và đào tạo nhân lực "
                  "trong những năm tới.")
    kept, quotes = drop_pull_quotes(_article(vietnamese, f"Cuộc họp kéo dài ba giờ. "
                                                         f"{vietnamese} Báo chí đưa tin."))
    assert [q.repeats for q in quotes] == [vietnamese]
    # A capital sigma lower-cases by the letters around it (final ς or σ): a sentence's
    # word read alone and inside its block must still be the same word.
    greek = ("ΟΙ ΔΥΟ ΧΩΡΕΣ ΣΥΜΦΩΝΗΣΑΝ ΣΕ ΝΕΟ ΠΡΟΓΡΑΜΜΑ ΑΚΤΟΦΥΛΑΚΗΣ ΚΑΙ ΕΚΠΑΙΔΕΥΣΗΣ "
             "ΠΛΗΡΩΜΑΤΩΝ ΓΙΑ ΤΟΥΣ ΕΠΟΜΕΝΟΥΣ ΜΗΝΕΣ.")
    # (The Greek sentence opens its block: a sentence is taken to start with a Latin capital.)
    kept, quotes = drop_pull_quotes(_article(greek, f"{greek} Reporters waited outside. "
                                                    "The talks ended late."))
    assert [q.repeats for q in quotes] == [greek]
    assert greek not in [b.text for b in kept]
