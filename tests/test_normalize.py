"""The detection view (spacy_deid.normalize): what it folds, what it leaves, and its map back."""
import pytest

from spacy_deid.normalize import SPACED_DIGITS_MIN, fold_char, fold_text, view


def _mapped(text, needle):
    """The original text under the view range of ``needle``."""
    v = view(text)
    assert v is not None
    start = v.text.index(needle)
    s, e = v.to_original(start, start + len(needle))
    return text[s:e]


@pytest.mark.parametrize("text", [
    "Patient John Smith, MRN 1234567, seen 01/02/2019.",
    "Pain 1 2 3 4 5 on a scale of 10.",
    "Temp 38.5\u00b0C, 5 \u00b5g, caf\u00e9, Jos\u00e9 Mu\u00f1oz",
    "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432",  # Cyrillic words
    "Ends a list item.\n4. Next item",
    "",
])
def test_clean_text_gets_no_view(text):
    assert view(text) is None


@pytest.mark.parametrize(
    "char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e"]
)
def test_format_characters_are_dropped_and_map_back_around(char):
    text = f"Call Jo{char}hn at 555{char}-1234."
    v = view(text)
    assert v.text == "Call John at 555-1234."
    assert _mapped(text, "John") == f"Jo{char}hn"
    assert _mapped(text, "555-1234") == f"555{char}-1234"


@pytest.mark.parametrize("text, folded", [
    ("J\u043ehn", "John"),  # Cyrillic o
    ("\u041cRN", "MRN"),  # Cyrillic EM
    ("\u0408\u043e\u0435", "Joe"),  # all Cyrillic look-alikes
    ("\u0391\u03bdna", "Avna"),  # Greek Alpha and nu in a Latin word
    ("\uff2a\uff4f\uff48\uff4e", "John"),  # full-width letters
    ("\U0001d409\U0001d428\U0001d421\U0001d427", "John"),  # mathematical bold
    ("\uff15\uff15\uff15\uff0d\uff11\uff12\uff13\uff14", "555-1234"),  # full-width digits and dash
    ("\u0665\u0665\u0665-\u0661\u0662\u0663\u0664", "555-1234"),  # Arabic-Indic digits
    ("617\u2013555\u20141234 \u2212 01\u201002\u20111960", "617-555-1234 - 01-02-1960"),
    ("617\u00a0555\u202f1234\u3000x", "617 555 1234 x"),
    ("01\u204402\u22151960", "01/02/1960"),
    ("\u2116 12345", "No 12345"),
])
def test_character_folds(text, folded):
    assert fold_text(text) == folded
    assert view(text).text == folded


@pytest.mark.parametrize("text", [
    "\u0418\u0432\u0430\u043d",  # a real Cyrillic word keeps its letters
    "\u03b1\u03bd\u03b8\u03c1\u03c9\u03c0\u03bf\u03c2",  # a Greek word
    "10\u2079/L",  # superscripts stay apart from the digits before them
    "5\u00bd",  # fractions are not digits
    "\u2460",  # circled numbers
    "O\u00b4Brien",  # NFKC would give a space and a combining mark
])
def test_what_is_not_folded(text):
    assert fold_text(text) == text


def test_fold_char_drops_and_keeps():
    assert fold_char("a") == "a"
    assert fold_char("\u200b") == ""
    assert fold_char("\uff0d") == "-"
    assert fold_char("\u00e9") == "\u00e9"


@pytest.mark.parametrize("text, expected", [
    ("Call 5 5 5 - 1 2 3 4 today", "Call 555-1234 today"),
    ("S S N: 1 2 3 4 5 6 7 8 9", "SSN: 123456789"),
    ("ssn: 1 2 3 - 4 5 - 6 7 8 9", "ssn: 123-45-6789"),
    ("M R N # 1 2 3 4 5 6 7", "MRN # 1234567"),
    ("DOB: 0 1 / 0 2 / 1 9 6 0", "DOB: 01/02/1960"),
])
def test_spaced_out_values_are_joined(text, expected):
    assert view(text).text == expected


@pytest.mark.parametrize("text", [
    "Pain 1 2 3 4 5 today",  # a scale
    "Strength 5 5 5 5 4 4 in all limbs",  # six single digits: below the threshold
    "Options 1 2 3 and 4 5 6",
    "Grade A B C of the lesion",  # spaced letters without a colon
    "1 2 3 4 5 6 78",  # the run ends in a longer number
])
def test_short_or_mixed_runs_stay(text):
    v = view(text)
    assert v is None or v.text == text


def test_spaced_digit_threshold():
    digits = " ".join("1234567890"[:SPACED_DIGITS_MIN])
    assert view(f"id {digits}").text == "id " + digits.replace(" ", "")
    shorter = " ".join("1234567890"[:SPACED_DIGITS_MIN - 1])
    assert view(f"id {shorter}") is None


@pytest.mark.parametrize("text, expected", [
    ("Call 617-555-\n1234 today", "Call 617-555-1234 today"),
    ("Call 617-555\n-1234 today", "Call 617-555-1234 today"),
    ("seen 01/02/\n2019", "seen 01/02/2019"),
])
def test_a_number_wrapped_across_lines_is_joined(text, expected):
    assert view(text).text == expected


def test_a_wrapped_number_maps_back_over_the_line_break():
    text = "Call 617-555-\n1234 today"
    assert _mapped(text, "617-555-1234") == "617-555-\n1234"


def test_a_period_before_a_line_break_is_not_a_wrapped_number():
    assert view("plate 4TRX218.\n4. Follow up") is None


def test_pipe_cells_read_as_key_value():
    text = "| Name | John Smith | MRN | 1234567 |"
    v = view(text)
    assert "MRN : 1234567" in v.text
    assert len(v.text) == len(text)  # replaced, not removed
    assert view("PID|1||12345^^^MRN") is None  # HL7 separators are not table cells


def test_to_original_covers_every_view_character():
    text = "Jo\u200bhn \uff15\uff15\uff15 5 5 5 5 5 5 5\nS S N: x"
    v = view(text)
    for i in range(len(v.text)):
        s, e = v.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        assert v.starts == sorted(v.starts)
    assert v.to_original(0, len(v.text)) == (0, len(text))
    assert v.to_original(3, 3)[0] == v.to_original(3, 4)[0]


def test_a_huge_token_is_handled():
    for token in ("a" * 10000, "5 " * 5000, "J\u043e" * 5000, "\u200b" * 10000, "|" * 10000):
        v = view(token)
        if v is not None:
            assert v.to_original(0, len(v.text))[1] <= len(token)
    assert view("5 " * 5000).text == "5" * 5000 + " "


def test_markup_reads_as_text_in_the_view():
    from spacy_deid.normalize import view

    text = '<td class="pt">Ana Ruiz</td><td>MRN&nbsp;1234567</td> <pat.smith@yahoo.com>'
    v = view(text)
    assert v.text.split() == ["Ana", "Ruiz", "MRN", "1234567", "<pat.smith@yahoo.com>"]
    start = v.text.index("1234567")
    assert text[slice(*v.to_original(start, start + 7))] == "1234567"
    rtf = r"{\rtf1\ansi \b Patient:\b0  Joaqu\'edn Soto\par MRN 445}"
    v = view(rtf)
    assert "Patient:  Joaquín Soto\nMRN 445" in v.text
    start = v.text.index("Joaquín")
    assert rtf[slice(*v.to_original(start, start + len("Joaquín Soto")))] == r"Joaqu\'edn Soto"
