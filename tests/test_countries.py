"""Country names resolve to ISO 3166-1 codes; ambiguous, former and unknown names are refused
with candidates; every country carries its Wikidata item. No Neo4j needed."""

from __future__ import annotations

import csv
import re

import pycountry
import pytest

from loaders.countries import (NAME_KINDS, REFUSED_KINDS, WIKIDATA_FILE, AmbiguousCountry,
                               UnknownCountry, _read_names, _read_patterns, countries)
from loaders.load import check_inputs
from queries import UnknownValue, registry
from tests.test_records import VALID

RESOLVED = [
    # codes, ISO and CLDR names
    ("UA", "UA"), ("UKR", "UA"), ("ua", "UA"), ("Ukraine", "UA"), ("Україна", "UA"), ("Viet Nam", "VN"),
    ("Republic of Belarus", "BY"), ("Cộng hòa Belarus", "BY"), ("Республика Казахстан", "KZ"),
    # English common names, exonyms and former names (country_converter)
    ("Turkey", "TR"), ("Türkiye", "TR"), ("Vatican", "VA"), ("Holy See", "VA"), ("Ivory Coast", "CI"),
    ("Cote d'Ivoire", "CI"), ("Burma", "MM"), ("DR Congo", "CD"), ("Democratic Republic of the Congo", "CD"),
    ("Zaire", "CD"), ("Republic of the Congo", "CG"), ("Swaziland", "SZ"), ("Macedonia", "MK"),
    ("Czech Republic", "CZ"), ("East Timor", "TL"), ("Cape Verde", "CV"), ("Persia", "IR"), ("Ceylon", "LK"),
    ("Republic of Korea", "KR"), ("DPRK", "KP"), ("Republic of China", "TW"), ("UK", "GB"),
    ("Great Britain", "GB"), ("USA", "US"), ("United States of America", "US"), ("UAE", "AE"),
    ("Kyrgyz Republic", "KG"), ("Russian Federation", "RU"), ("Lao PDR", "LA"), ("Holland", "NL"),
    # other languages: CLDR, iso-codes translations and the curated colloquial and former names
    ("Белоруссия", "BY"), ("Беларусь", "BY"), ("Киргизия", "KG"), ("Молдавия", "MD"), ("США", "US"),
    ("ЮАР", "ZA"), ("Турецкая Республика", "TR"), ("Голландия", "NL"), ("ФРГ", "DE"), ("Білорусія", "BY"),
    ("Nga", "RU"), ("Mỹ", "US"), ("Hoa Kỳ", "US"), ("Anh", "GB"), ("Bê-la-rút", "BY"),
    ("Cộng hòa Bê-la-rút", "BY"), ("Liên bang Nga", "RU"), ("U-crai-na", "UA"), ("Ca-dắc-xtan", "KZ"),
    ("Weißrussland", "BY"), ("Biélorussie", "BY"), ("Bielorrusia", "BY"), ("EE. UU.", "US"),
    # a code in capitals is the code, even where a name reads the same
    ("NGA", "NG"), ("MY", "MY"),
]


@pytest.mark.parametrize(("name", "code"), RESOLVED, ids=[name for name, _ in RESOLVED])
def test_names_resolve_to_iso_codes(name, code):
    assert countries().resolve(name).code == code


REFUSED = [
    ("Korea", {"KR", "KP"}, "may mean"),
    ("Корея", {"KR", "KP"}, "may mean"),
    ("Congo", {"CG", "CD"}, "may mean"),
    ("Virgin Islands", {"VG", "VI"}, "may mean"),
    ("ao", {"AO", "AT"}, "may mean"),  # Angola's code, or Vietnamese "Áo" (Austria) without its accent
    ("nga", {"NG", "RU"}, "may mean"),
    ("Czechoslovakia", {"CZ", "SK"}, "former state"),
    ("СССР", {"RU", "UA", "BY", "KZ", "UZ", "KG", "TJ", "TM", "AZ", "AM", "GE", "MD", "LT", "LV", "EE"}, "former state"),
]


@pytest.mark.parametrize(("name", "codes", "text"), REFUSED, ids=[name for name, _, _ in REFUSED])
def test_ambiguous_and_former_names_are_refused_with_the_candidates(name, codes, text):
    with pytest.raises(AmbiguousCountry) as refused:
        countries().resolve(name)
    assert {c.code for c in refused.value.suggestions} == codes
    assert text in str(refused.value) and all(f"({code})" in str(refused.value) for code in codes)


@pytest.mark.parametrize(("name", "suggested"), [("Bielarus", "BY"), ("Ukrane", "UA"), ("Atlantis", None)])
def test_unknown_names_are_refused_with_suggestions(name, suggested):
    with pytest.raises(UnknownCountry) as unknown:
        countries().resolve(name)
    assert not isinstance(unknown.value, AmbiguousCountry)
    assert f"unknown country '{name}'" in str(unknown.value)
    if suggested:
        assert suggested in [c.code for c in unknown.value.suggestions]


def test_a_state_without_an_iso_code_is_refused_by_name():
    with pytest.raises(UnknownCountry, match="Kosovo, which has no ISO 3166-1 code"):
        countries().resolve("Kosovo")


def test_record_ids_are_not_read_as_country_names():
    # `represents` takes a country or an organization id; an id that contains a country's name
    # must stay an id.
    with pytest.raises(UnknownCountry):
        countries().resolve("astrazeneca-kazakhstan")
    assert countries().resolve("Kazakhstan").code == "KZ"


def test_every_iso_and_cldr_name_resolves_to_its_own_country():
    refused = {row["name"].casefold() for row in _read_names() if row["kind"] in REFUSED_KINDS}
    checked = 0
    for country in countries():
        entry = pycountry.countries.get(alpha_2=country.code)
        names = {country.code, country.alpha3, entry.name, getattr(entry, "official_name", None),
                 *country.names.values()} - {None}
        for name in names:
            if name.casefold() in refused:
                continue
            assert countries().resolve(name).code == country.code, name
            checked += 1
    assert checked > 249 * 10


def test_curated_names_file_is_well_formed():
    rows = _read_names()
    assert len(rows) >= 40
    assert len({(row["name"].casefold(), row["language"]) for row in rows}) == len(rows)
    for row in rows:
        assert row["kind"] in NAME_KINDS, row
        codes = row["alpha2"].split()
        assert all(code in countries().by_code for code in codes), row
        assert (len(codes) >= 2) == (row["kind"] in REFUSED_KINDS), row
        assert re.fullmatch(r"[a-z]{2}", row["language"]), row


def test_names_file_rows_resolve_as_stated():
    for row in _read_names():
        if row["kind"] in REFUSED_KINDS:
            with pytest.raises(AmbiguousCountry):
                countries().resolve(row["name"])
        else:
            assert countries().resolve(row["name"]).code == row["alpha2"], row


def test_a_record_with_an_exonym_loads_and_an_ambiguous_name_is_reported(tmp_path):
    (tmp_path / "good.yaml").write_text(VALID.replace("country: Ukraine", "country: Ivory Coast"))
    good, failed, problems = check_inputs([tmp_path])
    assert problems == [] and not failed
    assert good[0].read().countries["Ivory Coast"].code == "CI"
    (tmp_path / "good.yaml").write_text(VALID.replace("country: Ukraine", "country: Korea"))
    _, failed, problems = check_inputs([tmp_path])
    messages = [p.message for p in problems + [p for outcome in failed for p in outcome.problems]]
    assert any("'Korea' may mean South Korea (KR) or North Korea (KP)" in m for m in messages), messages


def test_a_query_parameter_with_an_ambiguous_country_lists_the_candidates():
    assert registry().get("partners").bind({"country": "Ivory Coast"})["country"] == "CI"
    with pytest.raises(UnknownValue) as refused:
        registry().get("partners").bind({"country": "Korea"})
    assert {s["code"] for s in refused.value.suggestions} == {"KR", "KP"}


# -- Wikidata items -------------------------------------------------------------------------

def _wikidata_rows() -> list[dict[str, str]]:
    with WIKIDATA_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_iso_country_has_one_wikidata_item():
    rows = _wikidata_rows()
    assert len(rows) == 249
    codes = [row["alpha2"] for row in rows]
    assert sorted(codes) == sorted(c.alpha_2 for c in pycountry.countries)
    items = [row["wikidata"] for row in rows]
    assert len(set(items)) == len(items), "two countries share a Wikidata item"
    assert all(re.fullmatch(r"Q[1-9][0-9]*", item) for item in items)
    assert all(country.wikidata for country in countries())


@pytest.mark.parametrize(("code", "item"), [
    ("AZ", "Q227"), ("BY", "Q184"), ("KZ", "Q232"), ("KG", "Q813"), ("RU", "Q159"), ("UA", "Q212"),
    ("UZ", "Q265"), ("VN", "Q881"), ("CN", "Q148"), ("TW", "Q865"), ("US", "Q30"), ("GB", "Q145"),
    ("TR", "Q43"), ("CI", "Q1008"), ("CD", "Q974"), ("CG", "Q971"), ("MM", "Q836"), ("SZ", "Q1050"),
    ("MK", "Q221"), ("VA", "Q237"), ("PS", "Q219060"), ("KP", "Q423"), ("KR", "Q884"),
    # The item that carries the ISO code, not the realm or the treaty area.
    ("DK", "Q35"), ("NL", "Q29999"), ("AQ", "Q51"),
])
def test_wikidata_spot_checks(code, item):
    assert countries().by_code[code].wikidata == item



def test_country_converter_table_is_read_whole():
    codes = {p.code for p in _read_patterns() if not p.obsolete and p.code in countries().by_code}
    assert len(codes) >= 245 and "NA" in codes  # Namibia's code is not read as missing
