"""Entity resolution: abbreviations, spelling variants, home tenants and stable ids."""
from __future__ import annotations

from ingest.extract.context import KnownEntity
from ingest.extract.resolve import Resolver, normalise, slug


def test_abbreviation_and_full_name_are_one_agency():
    r = Resolver("bbscp")
    full = r.resolve("Agency", "Bedfordshire, Luton and Milton Keynes Integrated Care Board")
    assert r.resolve("Agency", "BLMK ICB") == full
    assert r.resolve("Agency", "Bedfordshire, Luton & Milton Keynes Integrated Care Board") == full
    assert full == "agency:pan-beds:bedfordshire-luton-milton-keynes-integrated-care-board"
    assert r.display_name(full, "BLMK ICB") == "Bedfordshire, Luton and Milton Keynes Integrated Care Board"


def test_childrens_and_children_are_one_name():
    assert normalise("Strategic Leaders of Children's Services Group") == \
        normalise("Strategic Leaders of Children\u2019s Services Group") == \
        normalise("Strategic Leaders of Children Services Group")
    r = Resolver("cbscp")
    assert r.resolve("Partnership", "Central Bedfordshire Safeguarding Children's Partnership") == \
        r.resolve("Partnership", "CBSCP")


def test_pan_beds_and_pan_bedfordshire_groups_share_an_id_in_any_document():
    a = Resolver("bbscp").resolve("Group", "Pan Beds Co-ordinating Group")
    b = Resolver("cbscp").resolve("Group", "Pan Bedfordshire Coordinating Group")
    assert a == b == "group:pan-beds:pan-bedfordshire-coordinating-group"


def test_small_spelling_differences_merge_but_different_groups_do_not():
    r = Resolver("northshire")
    g = r.resolve("Group", "Exploitation and Missing Strategic Group")
    assert r.resolve("Group", "Exploitation and Mising Strategic Group") == g
    assert r.resolve("Group", "Exploitation Communications Group") != g


def test_own_area_prefix_is_the_same_group():
    r = Resolver("bbscp")
    g = r.resolve("Group", "Case Review Group")
    assert r.resolve("Group", "BBSCP Case Review Group") == g
    other = Resolver("bbscp").resolve("Group", "Central Bedfordshire Case Review Group")
    assert other.startswith("group:cbscp:")


def test_ids_stable_across_runs_and_known_entities_win():
    assert Resolver("lscp").resolve("Group", "Neglect Sub-group") == \
        Resolver("lscp").resolve("Group", "Neglect Subgroup") == "group:lscp:neglect-subgroup"
    known = [KnownEntity("group:lscp:neglect-board", "Group", "Neglect Board", ("Neglect Sub-group",))]
    assert Resolver("lscp", known).resolve("Group", "Neglect Sub-group") == "group:lscp:neglect-board"
    assert slug("The Voice of the Child Group") == "voice-child-group"


def test_a_short_name_does_not_merge_into_another_partnerships_group():
    r = Resolver("bbscp")
    other = r.resolve("Group", "Central Bedfordshire Case Review Group")
    own = r.resolve("Group", "Case Review Group")
    assert own != other and own.startswith("group:bbscp:")
    assert r.resolve("Group", "Strategic Leaders of Children's Services Group") == \
        r.resolve("Group", "Strategic Leaders Group")


def test_another_areas_generic_names_are_its_own_bodies():
    """'the CCG', 'PCC', 'ELFT' in a document of a partnership the gazetteer does not list name that area's
    bodies; a name carrying the deployment's place ('Bedfordshire Police', 'BLMK ICB') and national bodies
    still resolve to the gazetteer's."""
    from ingest.extract.resolve import Resolver

    away, home = Resolver("northshire"), Resolver("bbscp")
    assert away.resolve("Agency", "CCG") == "agency:northshire:ccg"
    assert away.resolve("Agency", "PCC") == "agency:northshire:pcc"
    assert away.resolve("Agency", "BBC") == "agency:northshire:bbc"
    assert away.resolve("Agency", "Bedfordshire Police") == "agency:pan-beds:bedfordshire-police"
    assert away.resolve("Agency", "BLMK ICB") == \
        "agency:pan-beds:bedfordshire-luton-milton-keynes-integrated-care-board"
    assert away.resolve("Agency", "CAFCASS") == "agency:national:cafcass"
    assert home.resolve("Agency", "CCG") == "agency:pan-beds:bedfordshire-luton-milton-keynes-clinical-commissioning-group"
    assert home.resolve("Agency", "BBC") == "agency:bbscp:bedford-borough-council"
