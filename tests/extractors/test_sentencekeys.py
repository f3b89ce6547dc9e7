from extractors.sentencekeys import sentence_key

WIRE = "Officials said on Tuesday that 12,000 North Korean troops had reached the Kursk region, the U.S. said."


def test_house_style_cue_tense_timing_and_filler_words_keep_the_key():
    for edited in (
        "Officials say 12000 North Korean troops have reached the Kursk region, the US says.",
        "“Officials said Tuesday that 12,000 North Korean troops had also reached the Kursk region,” the U.S. said",
        "OFFICIALS SAID ON TUESDAY THAT 12,000 NORTH KOREAN TROOPS HAD REACHED THE KURSK REGION, THE U.S. SAID.",
    ):
        assert sentence_key(edited) == sentence_key(WIRE), edited


def test_other_figures_names_verbs_or_order_change_the_key():
    for different in (
        WIRE.replace("12,000", "11,000"),
        WIRE.replace("Kursk", "Belgorod"),
        WIRE.replace("reached", "left"),
        "Officials said on Tuesday that the Kursk region had reached 12,000 North Korean troops, the U.S. said.",
    ):
        assert sentence_key(different) != sentence_key(WIRE), different


def test_short_sentences_have_no_key():
    assert sentence_key("He denied it.") is None
    assert sentence_key("She said so on Tuesday.") is None
    assert len(sentence_key(WIRE)) == 16
