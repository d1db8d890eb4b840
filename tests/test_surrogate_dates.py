"""Surrogate dates: every form the detectors produce, one offset per patient, format kept."""

import datetime as dt

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spacy_deid.surrogate.dates import MONTHS, WEEKDAYS, parse_date, shift_text, year_shift
from spacy_deid.surrogate.engine import SurrogateConfig, SurrogateEngine

ENGINE = SurrogateEngine(b"date-test-key")

# Offset -200 days; forms without a year shift inside the reference year 2000 (a leap year).
CASES = [
    # numeric m/d/y, d/m/y (first field > 12), separators / - ., padding, two-digit years
    ("03/14/2019", "08/26/2018"),
    ("3/14/2019", "8/26/2018"),
    ("3/14/19", "8/26/18"),
    ("03-14-2019", "08-26-2018"),
    ("03.14.2019", "08.26.2018"),
    ("14/03/2019", "26/08/2018"),
    ("14.03.2019", "26.08.2018"),
    ("14-03-19", "26-08-18"),
    ("12/14/2019", "05/28/2019"),  # fixed width: padded
    ("12/14/19", "5/28/19"),
    # ISO and compact
    ("2019-03-14", "2018-08-26"),
    ("2019/03/14", "2018/08/26"),
    ("2019.3.14", "2018.8.26"),
    ("20190314", "20180826"),
    ("03142019", "08262018"),
    # written, month first
    ("March 14, 2019", "August 26, 2018"),
    ("Mar 14 2019", "Aug 26 2018"),
    ("Mar. 14, 2019", "Aug. 26, 2018"),
    ("MARCH 14, 2019", "AUGUST 26, 2018"),
    ("march 14, 2019", "august 26, 2018"),
    ("Mar 14th, 2019", "Aug 26th, 2018"),
    ("March 14 '19", "August 26 '18"),
    ("Mar-14-2019", "Aug-26-2018"),
    ("Sept 3, 2019", "Feb 15, 2019"),
    # written, day first
    ("14 March 2019", "26 August 2018"),
    ("14 Mar 2019", "26 Aug 2018"),
    ("14th of March, 2019", "26th of August, 2018"),
    ("14-Mar-2019", "26-Aug-2018"),
    ("14MAR2019", "26AUG2018"),
    ("14 Mar '19", "26 Aug '18"),
    # month and day, no year
    ("March 14", "August 27"),
    ("Mar. 14th", "Aug. 27th"),
    ("JANUARY 18TH", "JULY 2ND"),
    ("July 4th", "December 17th"),
    ("14th of March", "27th of August"),
    ("3rd of June", "16th of November"),
    ("3/14", "8/27"),
    ("12/1", "5/15"),
    # weekdays with a date: the weekday moves with the date
    ("Monday, March 18", "Thursday, August 31"),
    ("Thu 5/30/2019", "Sun 11/11/2018"),
    ("Tues 3/5", "Fri 8/18"),
    ("Monday the 18th of March", "Thursday the 31st of August"),
    ("Friday, 14 June 2019", "Monday, 26 November 2018"),
    # month and year
    ("March 2019", "August 2018"),
    ("Mar. 2019", "Aug. 2018"),
    ("March of 2019", "August of 2018"),
    ("Mar-2019", "Aug-2018"),
    ("March '19", "August '18"),
    ("March, 2019", "August, 2018"),
    ("03/2019", "08/2018"),
    ("3-2019", "8-2018"),
    # month alone, year alone, decades
    ("March", "August"),
    ("mid-March", "mid-August"),
    ("Sept", "Feb"),
    ("2019", "2018"),
    ("'19", "'18"),
    ("’02", "’01"),
    ("Spring 2019", "Spring 2018"),
    ("the 1990s", "the 1990s"),
    # weekdays alone, holidays
    ("Monday", "Thursday"),
    ("mondays", "thursdays"),
    ("SATURDAY", "TUESDAY"),
    ("Christmas", "June 8"),
    ("CHRISTMAS EVE", "JUNE 7"),
    ("New Year's Day", "June 15"),
    ("Thanksgiving weekend", "May 8 weekend"),
    # attached times stay
    ("03/14/2019 14:30", "08/26/2018 14:30"),
    ("03/14/2019 2:30 PM", "08/26/2018 2:30 PM"),
    ("2019-03-14T14:30:00Z", "2018-08-26T14:30:00Z"),
    ("03/14/2019 1430", "08/26/2018 1430"),
    ("March 14, 2019 at 3 pm", "August 26, 2018 at 3 pm"),
    # Spanish (MEDDOCAN): names stay Spanish
    ("14 de marzo de 2019", "26 de agosto de 2018"),
    ("marzo de 2019", "agosto de 2018"),
    ("lunes 18 de marzo", "jueves 31 de agosto"),
    ("1 de ENERO de 2020", "15 de JUNIO de 2019"),
    # ranges: both ends move, the padding of one end informs the other
    ("12/25/2018-1/3/2019", "6/8/2018-6/17/2018"),
    ("3/1 to 3/5", "8/14 to 8/18"),
]


@pytest.mark.parametrize("original,expected", CASES)
def test_every_date_form_shifts_in_its_own_format(original, expected):
    assert shift_text(original, -200) == expected


@pytest.mark.parametrize(
    "text", ["foo 2019", "Feb 30 2019", "13/13/2019", "1430", "next visit", "the 14th", ""]
)
def test_unparseable_dates_are_none(text):
    assert shift_text(text, -200) is None


def test_unparseable_date_becomes_a_tag_never_the_original():
    engine = SurrogateEngine(b"k")
    text = "Seen Feb 30 2019 ."
    state = engine.start(text, "p1", [(5, 16, "DATE")])
    assert state.replace("DATE", 5, 16) == "[DATE]"
    assert engine.fallbacks == {"DATE": 1}


def test_document_evidence_decides_day_first():
    # 05/04/2019 alone is month first; next to 14/03/2019 the note is day first.
    text = "Seen 14/03/2019 and 05/04/2019 ."
    state = ENGINE.start(text, "p-day-first", [(5, 15, "DATE"), (20, 30, "DATE")])
    first, second = state.replace("DATE", 5, 15), state.replace("DATE", 20, 30)
    d1 = dt.datetime.strptime(first, "%d/%m/%Y").date()
    d2 = dt.datetime.strptime(second, "%d/%m/%Y").date()
    assert (d2 - d1).days == (dt.date(2019, 4, 5) - dt.date(2019, 3, 14)).days
    alone = ENGINE.start("05/04/2019", "p-day-first", [(0, 10, "DATE")]).replace("DATE", 0, 10)
    offset = ENGINE.date_offset(ENGINE.scope("", "p-day-first"))
    assert alone == (dt.date(2019, 5, 4) + dt.timedelta(days=offset)).strftime("%m/%d/%Y")


def test_reference_year_comes_from_the_note():
    # "3/1" in a note dated 2019 shifts inside 2019 (not a leap year): -1 day from 3/1 is 2/28.
    text = "Admitted 03/14/2019 ; seen 3/1 ."
    engine = SurrogateEngine(b"k", SurrogateConfig(date_shift_range=(-1, -1)))
    state = engine.start(text, None, [(9, 19, "DATE"), (27, 30, "DATE")])
    assert state.replace("DATE", 27, 30) == "2/28"
    alone = engine.start("seen 3/1", None, [(5, 8, "DATE")])
    assert alone.replace("DATE", 5, 8) == "2/29"  # reference year 2000


def test_year_and_month_alone_follow_the_documented_rounding():
    # a year alone always moves, by the rounded offset and at least one year
    assert year_shift(-30) == -1 and year_shift(-182) == -1 and year_shift(-183) == -1
    assert year_shift(-365) == -1 and year_shift(200) == 1 and year_shift(-600) == -2
    assert year_shift(0) == 0
    assert shift_text("2019", -100) == "2018"
    assert shift_text("2019", -300) == "2018"
    assert shift_text("March", -20) == "February"  # March 15 - 20 days
    assert shift_text("March 2019", -14) == "March 2019"  # March 1 is still March


def test_offset_is_per_patient_in_the_configured_range_and_never_zero():
    engine = SurrogateEngine(b"k", SurrogateConfig(date_shift_range=(-2, 2)))
    offsets = {engine.date_offset(engine.scope("", f"p{i}")) for i in range(200)}
    assert offsets == {-2, -1, 1, 2}
    default = {ENGINE.date_offset(ENGINE.scope("", f"p{i}")) for i in range(200)}
    assert min(default) >= -365 and max(default) <= -30 and len(default) > 100
    # every partial date moves: weekdays (offset not a multiple of 7) and months alone
    assert all(d % 7 and min(abs(d) % 365, 365 - abs(d) % 365) > 16 for d in default)
    assert ENGINE.date_offset(ENGINE.scope("", "p1")) == ENGINE.date_offset(
        ENGINE.scope("other text", "p1")
    )


def test_config_rejects_a_zero_or_reversed_range():
    with pytest.raises(ValueError, match="date_shift_range"):
        SurrogateConfig(date_shift_range=(0, 0))
    with pytest.raises(ValueError, match="date_shift_range"):
        SurrogateConfig(date_shift_range=(10, -10))


def test_parse_date_kinds():
    assert parse_date("03/14/2019").kind == "full"
    assert parse_date("March 2019").kind == "my"
    assert parse_date("3/14").kind == "md"
    assert parse_date("2019").kind == "y"
    assert parse_date("March").kind == "m"
    assert parse_date("Monday").kind == "w"
    assert parse_date("Christmas").kind == "holiday"
    assert parse_date("1990s").kind == "decade"


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# Full-date formats the detectors find; each is unambiguous about its own padding.
FORMATS = {
    "mdY_slash": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "mdY_dash": lambda d: f"{d.month:02d}-{d.day:02d}-{d.year}",
    "mdy_short": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "dmY_dot": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "iso": lambda d: d.isoformat(),
    "compact": lambda d: d.strftime("%Y%m%d"),
    "mon_d_Y": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "mon_dot_d_Y": lambda d: f"{MONTHS[d.month - 1][:3]}. {d.day}, {d.year}",
    "month_d_Y": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "MONTH_d_Y": lambda d: f"{MONTHS[d.month - 1].upper()} {d.day}, {d.year}",
    "d_month_Y": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "d_mon_Y_dash": lambda d: f"{d.day:02d}-{MONTHS[d.month - 1][:3]}-{d.year}",
    "dMONY": lambda d: f"{d.day:02d}{MONTHS[d.month - 1][:3].upper()}{d.year}",
    "month_dth_Y": lambda d: f"{MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}",
    "ordinal_of": lambda d: f"{_ordinal(d.day)} of {MONTHS[d.month - 1]}, {d.year}",
    "weekday_month_d_Y": lambda d: (
        f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
    ),
    "weekday_mdY": lambda d: f"{WEEKDAYS[d.weekday()][:3]} {d.month}/{d.day}/{d.year}",
    "with_time": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year} 08:15",
}
dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))
offsets = st.integers(min_value=-365, max_value=-30)


@settings(max_examples=300, deadline=None)
@given(d=dates, form=st.sampled_from(sorted(FORMATS)), offset=offsets)
def test_property_shift_keeps_the_format_and_moves_by_the_offset(d, form, offset):
    fmt = FORMATS[form]
    if form == "mdy_short":
        # Two-digit years: the century is read with the fixed pivot (00-49 -> 20xx).
        assume((d.year >= 2000) == (d.year % 100 < 50))
        assume((d + dt.timedelta(days=offset)).year // 100 == d.year // 100)
    if form == "mon_d_Y":
        assume(d.month != 5)  # "May 1, 2000": full name or abbreviation? (read as the full name)
    new = shift_text(fmt(d), offset)
    assert new == fmt(d + dt.timedelta(days=offset))
    assert new != fmt(d)


@settings(max_examples=150, deadline=None)
@given(d1=dates, d2=dates, pid=st.text(min_size=1, max_size=8))
def test_property_intervals_between_a_patients_dates_are_preserved(d1, d2, pid):
    # Two notes of one patient, different texts: one offset for both.
    a_text = f"Admitted {d1.strftime('%m/%d/%Y')} ."
    b_text = f"Follow-up on {d2.isoformat()} as planned ."
    a = ENGINE.start(a_text, pid, [(9, 19, "DATE")]).replace("DATE", 9, 19)
    b = ENGINE.start(b_text, pid, [(13, 23, "DATE")]).replace("DATE", 13, 23)
    new1 = dt.datetime.strptime(a, "%m/%d/%Y").date()
    new2 = dt.date.fromisoformat(b)
    assert (new2 - new1).days == (d2 - d1).days
    assert new1 != d1


@settings(max_examples=60, deadline=None)
@given(d=dates)
def test_property_same_key_same_dates_other_key_other_offsets(d):
    text = f"DOB {d.strftime('%m/%d/%Y')}"
    same = [
        SurrogateEngine(b"key-one").start(text, "p", [(4, 14, "DATE")]).replace("DATE", 4, 14)
        for _ in range(2)
    ]
    assert same[0] == same[1]
    other = {
        SurrogateEngine(k).date_offset("patient\x1fp")
        for k in (b"key-one", b"key-two", b"key-three")
    }
    assert len(other) > 1
