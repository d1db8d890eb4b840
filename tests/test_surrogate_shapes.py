"""Surrogate IDs and contacts: same shape, valid where validity shows, never the original."""

import ipaddress
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spacy_deid.patterns import validators as v
from spacy_deid.surrogate.engine import SurrogateConfig, SurrogateEngine

ENGINE = SurrogateEngine(b"shape-test-key")


def one(value, label, pid="p1", engine=ENGINE, context="Value: "):
    text = context + value + " ."
    start = len(context)
    return engine.start(text, pid, [(start, start + len(value), label)]).replace(
        label, start, start + len(value)
    )


def shape(text):
    return re.sub(r"[0-9]", "9", re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", text)))


def nanp_ok(digits):
    area, exch = digits[-10:-7], digits[-7:-4]
    return area[0] in "23456789" and area[1:] != "11" and exch[0] in "23456789" and exch[1:] != "11"


@pytest.mark.parametrize(
    "value",
    [
        "(617) 555-1234",
        "617-555-1234",
        "617.555.1234",
        "617 555 1234",
        "6175551234",
        "1-617-555-1234",
        "+1 617 555 1234",
        "(617)555-1234",
    ],
)
def test_nanp_phones_keep_their_format_and_look_valid(value):
    new = one(value, "PHONE")
    assert shape(new) == shape(value) and new != value
    assert nanp_ok(re.sub(r"\D", "", new))


def test_phone_extensions_pagers_and_international_numbers():
    new = one("617-555-0136 x204", "PHONE")
    assert re.fullmatch(r"\d{3}-\d{3}-\d{4} x\d{3}", new) and not new.endswith("x204")
    assert re.fullmatch(r"\d-\d{4}", one("4-5678", "PHONE"))
    assert re.fullmatch(r"\d{5}", one("46620", "PHONE"))
    intl = one("+44 20 7946 0958", "PHONE")
    assert intl.startswith("+44 ") and shape(intl) == shape("+44 20 7946 0958")
    assert one("1-800-697-0303", "PHONE").startswith(
        "1-800-"
    )  # toll-free prefixes are not identifying


def test_fictional_phone_style_uses_the_reserved_555_01xx_lines():
    engine = SurrogateEngine(b"k", SurrogateConfig(phone_style="fictional"))
    new = one("(617) 432-1234", "PHONE", engine=engine)
    assert re.fullmatch(r"\(\d{3}\) 555-01\d\d", new)
    with pytest.raises(ValueError, match="phone_style"):
        SurrogateConfig(phone_style="random")


def test_one_number_is_one_surrogate_whatever_its_label_or_format():
    text = (
        "Phone 617-555-1234 , fax (617) 555-1234 ; SSN 431-70-9158 or 431709158 ; MRN 00482913 "
        "id 00482913"
    )
    values = [
        ("617-555-1234", "PHONE"),
        ("(617) 555-1234", "FAX"),
        ("431-70-9158", "SSN"),
        ("431709158", "SSN"),
        ("00482913", "MEDICALRECORD"),
        ("00482913", "IDNUM"),
    ]
    mentions, pos = [], 0
    for value, label in values:
        i = text.index(value, pos)
        mentions.append((i, i + len(value), label))
        pos = i + len(value)
    state = ENGINE.start(text, "p1", mentions)
    out = [state.replace(label, s, e) for s, e, label in mentions]
    assert re.sub(r"\D", "", out[0]) == re.sub(r"\D", "", out[1])
    assert out[2].replace("-", "") == out[3]
    assert out[4] == out[5]


@pytest.mark.parametrize("value", ["431-70-9158", "431 70 9158", "431709158", "022-44-8193"])
def test_ssns_are_valid_range_and_keep_their_format(value):
    new = one(value, "SSN")
    assert shape(new) == shape(value) and new != value and v.ssn(new)


@pytest.mark.parametrize("value", ["02115", "02115-1234", "94250"])
def test_zips_keep_their_shape(value):
    new = one(value, "ZIP")
    assert shape(new) == shape(value) and new != value and not new.startswith("00000")


@pytest.mark.parametrize(
    "value", ["10.42.17.203", "172.18.26.175", "192.168.1.20", "184.65.185.52", "127.0.0.1"]
)
def test_ipv4_addresses_stay_valid_and_of_the_same_kind(value):
    new = one(value, "IPADDR")
    old, addr = ipaddress.IPv4Address(value), ipaddress.IPv4Address(new)
    assert new != value
    assert addr.is_private == old.is_private and addr.is_loopback == old.is_loopback
    if old.is_global:
        assert addr.is_global


def test_ipv6_addresses_keep_groups_and_compression():
    value = "2001:db8:85a3::8a2e:370:7334"
    new = one(value, "IPADDR")
    ipaddress.IPv6Address(new)
    assert [len(g) for g in new.split(":")] == [len(g) for g in value.split(":")] and new != value


def test_emails_and_urls_keep_their_shape_on_safe_domains():
    mail = one("ADALBERTO.OCHOA@HIMHEALTH.COM", "EMAIL")
    assert re.fullmatch(r"[A-Z]+\.[A-Z]+@EXAMPLE\.COM", mail) and "OCHOA" not in mail
    assert re.fullmatch(r"[a-z]+\d\d@example\.net", one("skward61@comcast.net", "EMAIL"))
    url = one("https://imageshare.baysidehealth.org/view?acc=MR190087731", "URL")
    m = re.fullmatch(r"https://([a-z]+)\.example\.org/view\?acc=([A-Z]{2}\d{9})", url)
    assert m and m.group(1) != "imageshare" and m.group(2) != "MR190087731"
    assert one("www.centrestreetfamilyhealth.org", "URL") == "www.example.org"
    assert re.fullmatch(
        r"http://example\.com/[a-z]{2}/\d{5}\.pdf", one("http://svmchealth.com/pe/62672.pdf", "URL")
    )


def test_vin_keeps_a_valid_check_digit_and_plates_keep_their_shape():
    vin = one("1HGCM82633A004352", "VEHICLE")
    assert v.vin(vin) and vin != "1HGCM82633A004352" and shape(vin) == shape("1HGCM82633A004352")
    plate = one("AJW 1413", "VEHICLE")
    assert shape(plate) == "AAA 9999" and plate != "AJW 1413"


def test_dea_and_npi_keep_their_checksums():
    dea = one("BL4829175", "LICENSE")
    assert v.dea(dea) and dea[0] == "B" and dea != "BL4829175"
    npi = one("1234567893", "LICENSE")
    assert v.npi(npi) and npi != "1234567893"


@pytest.mark.parametrize(
    "value,label",
    [
        ("00482913", "MEDICALRECORD"),
        ("BCH-2210447", "MEDICALRECORD"),
        ("7731920045", "ACCOUNT"),
        ("A00991274", "ACCOUNT"),
        ("5TN2-KW8-RR41", "HEALTHPLAN"),
        ("6a54-kw6-jc75", "HEALTHPLAN"),
        ("06-82388", "LICENSE"),
        ("SN073729349", "DEVICE"),
        ("vp-90477-9", "BIOID"),
        ("ECG21-862-9468", "IDNUM"),
    ],
)
def test_identifiers_keep_their_shape_and_zero_padding(value, label):
    new = one(value, label)
    assert shape(new) == shape(value) and new != value
    if value.startswith("00"):
        assert new.startswith("00") and new[2] != "0"


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

ids = st.from_regex(r"[A-Za-z0-9]{1,5}(?:[-./ ][A-Za-z0-9]{1,6}){0,3}", fullmatch=True)
id_labels = st.sampled_from(
    ["MEDICALRECORD", "ACCOUNT", "HEALTHPLAN", "LICENSE", "DEVICE", "BIOID", "IDNUM"]
)


@settings(max_examples=250, deadline=None)
@given(value=ids, label=id_labels, pid=st.text(max_size=5))
def test_property_ids_keep_their_character_shape_and_change(value, label, pid):
    new = one(value, label, pid or None)
    # Leading zeros are format and stay: "0/00" has no character left to change.
    free = len(re.sub(r"[\W_]", "", re.sub(r"^[0\W_]*", "", value)))
    if new == f"[{label}]":
        assert free == 0  # no other value of that shape exists: a tag, never the original
        return
    assert shape(new) == shape(value)
    assert new != value


phones = st.builds(
    lambda a, b, c, fmt: fmt.format(a, b, c),
    st.from_regex(r"[2-9][0-8][0-9]", fullmatch=True),
    st.from_regex(r"[2-9][0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
    st.sampled_from(["({}) {}-{}", "{}-{}-{}", "{}.{}.{}", "{} {} {}", "1-{}-{}-{}", "({}){}-{}"]),
)


@settings(max_examples=200, deadline=None)
@given(value=phones, label=st.sampled_from(["PHONE", "FAX"]))
def test_property_phones_keep_their_format_and_stay_nanp(value, label):
    new = one(value, label)
    assert shape(new) == shape(value) and new != value
    assert nanp_ok(re.sub(r"\D", "", new))


ssns = st.builds(
    lambda a, g, s, sep: f"{a:03d}{sep}{g:02d}{sep}{s:04d}",
    st.integers(1, 899).filter(lambda a: a != 666),
    st.integers(1, 99),
    st.integers(1, 9999),
    st.sampled_from(["-", " ", ""]),
)


@settings(max_examples=150, deadline=None)
@given(value=ssns)
def test_property_ssns_stay_valid_and_keep_their_format(value):
    new = one(value, "SSN")
    assert v.ssn(new) and shape(new) == shape(value) and new != value


zips = st.from_regex(r"[0-9]{5}(?:-[0-9]{4})?", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(value=zips)
def test_property_zips_keep_their_shape(value):
    new = one(value, "ZIP")
    assert shape(new) == shape(value) and new != value


@settings(max_examples=100, deadline=None)
@given(value=st.from_regex(r"[A-Z]{1,3}[0-9]{6,9}", fullmatch=True), label=id_labels)
def test_property_same_key_same_surrogate_other_key_another(value, label):
    a = one(value, label, engine=SurrogateEngine(b"key-one"))
    assert a == one(value, label, engine=SurrogateEngine(b"key-one"))
    assert a != one(value, label, engine=SurrogateEngine(b"key-two"))
