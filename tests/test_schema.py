import pytest

from spacy_deid import schema


def test_labels_are_the_i2b2_2014_types():
    assert len(schema.LABELS) == 30
    assert len(set(schema.LABELS)) == 30
    for label in schema.LABELS:
        assert label == label.upper()
        assert schema.category(label) in schema.CATEGORIES


def test_categories_and_hipaa_flags():
    assert schema.labels_in(schema.NAME) == ("PATIENT", "DOCTOR", "USERNAME")
    assert schema.is_hipaa("PATIENT") and schema.is_hipaa("DATE") and schema.is_hipaa("ZIP")
    assert not schema.is_hipaa("HOSPITAL") and not schema.is_hipaa("PROFESSION")
    assert set(schema.HIPAA_LABELS) < set(schema.LABELS)


def test_unknown_label_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown PHI label 'NAME'"):
        schema.get_type("NAME")
    with pytest.raises(ValueError, match="Unknown PHI category"):
        schema.labels_in("PLACE")


def test_meddocan_label_set_maps_onto_schema():
    ms = schema.get_label_set("meddocan")
    assert ms.to_schema("NOMBRE_SUJETO_ASISTENCIA") == "PATIENT"
    assert ms.to_schema("nombre_personal_sanitario") == "DOCTOR"  # case-insensitive
    assert ms.to_schema("TERRITORIO") == "CITY"
    assert ms.to_schema("SEXO_SUJETO_ASISTENCIA") is None
    with pytest.raises(ValueError, match="not in label set 'meddocan'"):
        ms.to_schema("PATIENT")


def test_declaring_a_label_set_checks_targets():
    ls = schema.LabelSet("site", {"PT_NAME": "PATIENT", "NOTPHI": None})
    assert ls.to_schema("PT_NAME") == "PATIENT"
    assert "pt_name" in ls
    with pytest.raises(ValueError, match="Unknown PHI label 'PERSON'"):
        schema.LabelSet("bad", {"X": "PERSON"})


def test_every_mapping_targets_schema_labels():
    for name in schema.label_set_names():
        for target in schema.get_label_set(name).mapping.values():
            assert target is None or target in schema.PHI_TYPES
