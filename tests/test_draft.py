"""`hdkg draft`: draft records from reports in each supported language, checked like curated ones.

The reports under tests/fixtures/draft/ are invented for these tests (see its README); the
seed reports are the real ones the curated records in data/records/ were written from.
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from benchmarks.draft import collect, default_seeds, figures, gold_records, run as run_benchmark
from draft.check import check_draft
from draft.lexicon import LEXICON_FILE, LexiconError, read_lexicon, rules, tables
from draft.linking import GraphLinker, read_index
from draft.pipeline import make_draft
from draft.score import by_language
from draft.source import DraftInputError, read_input, read_text
from draft.text import sentences, tokens
from hdkg import PROJECT_ROOT
from cli.main import app
from tests.conftest import RECORDS_DIR, SEED_RECORDS

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "draft"


#: The linking cases were written against the five seed reports' records: only they are loaded.
GRAPH_RECORDS = SEED_RECORDS
SEEDS = default_seeds()
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not found at {SEEDS} (HDKG_SEEDS_DIR)")


def draft_of(name: str, **options):
    return make_draft(str(FIXTURES / name), **options)


def _quotes(node):
    if isinstance(node, dict):
        if "quote" in node:
            yield node
        for value in node.values():
            yield from _quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quotes(value)


def _parties(instrument):
    return sorted((p["country"], p.get("organization"), p.get("signatory")) for p in instrument["parties"])


# (fixture, language, type, status, signed_date, parties, domains that must be there)
CASES = [
    ("en-signed.txt", "en", "memorandum-of-understanding", "signed", "2024-03-12",
     [("BY", "by-ministry-of-health", "anton-kovalenko"), ("CU", "cu-ministry-of-public-health", "rosa-delgado")],
     {"oncology", "pediatrics"}),
    ("ru-signed.txt", "ru", "agreement", "signed", None,
     [("BY", "by-ministry-of-health", "oleg-sidorenko"), ("RU", "ru-ministry-of-health", "ivan-petrov")],
     {"oncology"}),
    ("uk-signed.txt", "uk", "memorandum-of-understanding", "signed", "2024-03-12",
     [("PL", "pl-ministry-of-health", None), ("UA", "ua-ministry-of-health", None)], {"rehabilitation"}),
    ("be-signed.txt", "be", "agreement", "signed", None,
     [("BY", "by-ministry-of-health", None), ("VN", "vn-ministry-of-health", None)], {"cardiology"}),
    ("vi-approved.txt", "vi", "agreement", "approved-for-signing", None,
     [("LA", None, None), ("VN", None, None)], {"traditional-medicine"}),
    ("es-signed.txt", "es", "memorandum-of-understanding", "signed", "2024-09-03",
     [("CU", "cu-ministry-of-public-health", None), ("MX", "mx-secretaria-de-salud", None)], {"vaccines"}),
    ("fr-proposed.txt", "fr", "agreement", "proposed", None,
     [("DZ", None, None), ("SN", None, None)], {"maternal-health"}),
]


@pytest.mark.parametrize("name, lang, kind, status, signed, parties, domains", CASES, ids=[c[0] for c in CASES])
def test_each_language_gives_its_instrument(name, lang, kind, status, signed, parties, domains):
    result = draft_of(name)
    record = result.record
    assert record["source"]["language"] == lang
    [instrument] = record["instruments"]
    assert (instrument["type"], instrument["status"], instrument.get("signed_date")) == (kind, status, signed)
    assert _parties(instrument) == sorted(parties)
    assert domains <= set(instrument["domains"])


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_every_quote_is_a_sentence_of_the_report_in_its_language(name):
    text = " ".join((FIXTURES / name).read_text(encoding="utf-8").split())
    result = draft_of(name)
    quotes = list(_quotes(result.record))
    assert quotes
    for item in quotes:
        assert item["quote"] in text
        assert item["lang"] == result.record["source"]["language"]
        assert "english" not in item  # nothing is translated: renderings are the curator's


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_drafts_validate_except_what_is_left_for_the_curator(name):
    result = draft_of(name)
    left, other = check_draft(result.record, result.source_id)
    assert other == []
    if result.record["source"]["language"] == "en":
        # only a status the vocabulary does not have yet ('adopted') is left in English reports
        assert all("unknown instrument-status" in p.message for p in left)
    else:
        assert left and all("english" in p.message for p in left)
        # and every one of them is listed for review
        assert any("English rendering" in r.reason for r in result.review)


@pytest.mark.parametrize("name, status", [
    ("en-approved.txt", "approved-for-signing"), ("en-proposed.txt", "proposed"),
    ("en-discussed.txt", "under-negotiation"), ("en-future.txt", "proposed"),
])
def test_approved_proposed_discussed_and_planned_are_not_signed(name, status):
    result = draft_of(name)
    [instrument] = result.record["instruments"]
    assert instrument["status"] == status
    assert not any(p.get("signatory") for p in instrument["parties"])
    assert "signed_date" not in instrument


def test_a_planned_signing_is_marked_for_review_with_the_reason():
    result = draft_of("en-future.txt")
    reasons = [r.reason for r in result.review if r.where.endswith(".status")]
    assert reasons and "future" in reasons[0]


def test_relative_dates_resolve_against_the_publication_date():
    # published Thursday 14 March 2024; "on Tuesday" is the 12th
    assert draft_of("en-signed.txt").record["instruments"][0]["signed_date"] == "2024-03-12"
    # the same sentence read as published a week later moves with it
    later = draft_of("en-signed.txt", published="2024-03-21")
    assert later.record["instruments"][0]["signed_date"] == "2024-03-19"
    assert later.record["source"]["published"] == "2024-03-21"


def test_a_partial_date_stays_partial():
    result = make_draft(str(SEEDS / "000_ebde34b053fa425b.txt")) if SEEDS.is_dir() else None
    if result is None:
        pytest.skip("seed reports not found")
    assert result.record["source"]["published"] == "--11-01"  # "Baku, November 1": no year


def test_meetings_without_an_instrument_become_engagements():
    [engagement] = draft_of("en-signed.txt").record["engagements"]
    assert (engagement["kind"], engagement["status"], engagement["domains"]) == ("discussion", "discussed", ["mental-health"])
    assert {p["country"] for p in engagement["participants"]} == {"BY", "CU"}


def test_explain_names_the_rule_behind_each_fact():
    result = draft_of("en-signed.txt")
    rules = dict(result.explain)
    status = next(rule for fact, rule in result.explain if fact.endswith(".status = signed"))
    assert status.startswith("status cue")
    assert any("relative date" in rule for rule in rules.values())


def test_html_is_read_through_its_article_text():
    result = draft_of("en-signed.html")
    source = result.record["source"]
    assert source["publisher"] == "Example Health News"
    assert source["published"] == "2024-03-14"
    assert not any("Related news" in q["quote"] or "Home |" in q["quote"] for q in _quotes(result.record))
    [instrument] = result.record["instruments"]
    assert instrument["status"] == "signed"


def test_bad_input_is_refused_by_name(tmp_path):
    with pytest.raises(DraftInputError, match="no such file"):
        read_input(str(tmp_path / "missing.txt"))
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Coopération signée".encode("latin-1"))
    with pytest.raises(DraftInputError, match="latin1.txt: not UTF-8"):
        read_input(str(latin1))
    with pytest.raises(DraftInputError, match="--lang xx"):
        draft_of("en-signed.txt", lang="xx")
    with pytest.raises(DraftInputError, match="--published"):
        draft_of("en-signed.txt", published="2024-13-40")


def test_language_can_be_forced():
    result = draft_of("en-signed.txt", lang="en")
    assert ("source.language", "en (given with --lang)") in result.explain


def test_cli_writes_a_draft_that_hdkg_validate_accepts(tmp_path):
    runner = CliRunner()
    outcome = runner.invoke(app, ["draft", "--no-link", "--out", str(tmp_path), str(FIXTURES / "en-signed.txt")])
    assert outcome.exit_code == 0, outcome.output
    [written] = list(tmp_path.glob("*.yaml"))
    assert written.read_text(encoding="utf-8").startswith("# Draft record")
    checked = runner.invoke(app, ["validate", str(written)])
    assert checked.exit_code == 0, checked.output


def test_cli_json_carries_record_review_and_rules():
    outcome = CliRunner().invoke(app, ["draft", "--no-link", "--json", str(FIXTURES / "vi-approved.txt")])
    assert outcome.exit_code == 0, outcome.output
    [item] = json.loads(outcome.stdout)
    assert item["record"]["instruments"][0]["status"] == "approved-for-signing"
    assert item["review"] and item["explain"]
    assert item["validation"]["other"] == []
    assert all("english" in p["message"] for p in item["validation"]["left_for_curator"])


def test_cli_names_a_missing_input_and_fails():
    outcome = CliRunner().invoke(app, ["draft", "--no-link", "no-such-report.txt"])
    assert outcome.exit_code == 1
    assert "no-such-report.txt: no such file" in outcome.output


# -- the seed reports against their curated records --------------------------------------

@needs_seeds
def test_each_seed_drafts_a_record_that_validates():
    gold = gold_records(RECORDS_DIR)
    seeds = sorted(p for p in SEEDS.glob("*.txt") if p.stem in gold)
    assert len(seeds) == 5
    for path in seeds:
        result = make_draft(str(path))
        left, other = check_draft(result.record, result.source_id)
        assert other == [], (path.name, [str(p) for p in other])
        assert all("english" in p.message for p in left), (path.name, [str(p) for p in left])


@needs_seeds
def test_seed_scores_meet_the_goals_the_draft_meets_today():
    records = gold_records(RECORDS_DIR)
    scores = run_benchmark(collect(SEEDS, None, records), records)
    overall = figures(by_language(scores)["all"])
    # Measured figures, see docs/benchmarks-draft.md; a regression below them fails here.
    assert overall["instrument recall"] >= 0.85
    assert overall["instrument precision"] >= 0.85
    assert overall["party precision"] >= 0.9 and overall["party recall"] >= 0.9
    assert overall["status accuracy"] >= 0.95
    assert overall["date exact"] >= 0.95
    assert overall["domain F1"] >= 0.8
    assert overall["signatory precision"] == 1.0  # a wrong signatory is worse than a missing one


@needs_seeds
def test_speech_about_a_signing_names_no_signatory():
    result = make_draft(str(SEEDS / "004_097c2faa4c3c4027.txt"))
    [instrument] = result.record["instruments"]
    assert not any(p.get("signatory") for p in instrument["parties"])
    assert "signatories: not named" in instrument["unknown"]


# -- linking to what the graph holds (real Neo4j) -----------------------------------------

def test_entities_in_the_graph_are_referred_to_by_id(loaded_graph, settings):
    linker = GraphLinker(read_index(loaded_graph, settings.neo4j_database))
    result = draft_of("vi-link.txt", linker=linker)
    record = result.record
    [instrument] = record["instruments"]
    # the memorandum the graph holds, named by its id; this report adds a status event
    assert instrument["id"] == "by-vn-mou-health-cooperation-2024"
    assert instrument["type"] == "memorandum-of-understanding"
    assert instrument["status"] == "in-force"
    [event] = instrument["status_history"]
    assert event["status"] == "in-force" and event["evidence"]
    assert any("graph has this instrument as 'signed'" in r.reason for r in result.review)
    # organizations by their Vietnamese names (or id), the person by id
    assert {p["organization"] for p in instrument["parties"]} == {"vn-ministry-of-health", "by-ministry-of-health"}
    orgs = {o["id"]: o for o in record["organizations"]}
    assert orgs["vn-ministry-of-health"]["name"] == "Ministry of Health of the Socialist Republic of Viet Nam"
    assert "evidence" not in orgs["vn-ministry-of-health"]  # stated by the graph, not restated
    assert "nguyen-tri-thuc" in {p["id"] for p in record["people"]}


def test_linked_draft_loads_beside_the_curated_records(loaded_graph, settings, tmp_path):
    """A linked draft, once its quotes are rendered, checks against the curated files."""
    from draft.check import _with_renderings
    from loaders.load import check_inputs

    linker = GraphLinker(read_index(loaded_graph, settings.neo4j_database))
    result = draft_of("en-signed.txt", linker=linker)
    path = tmp_path / f"{result.source_id}.yaml"
    path.write_text(yaml.safe_dump(_with_renderings(result.record), allow_unicode=True), encoding="utf-8")
    good, failed, problems = check_inputs([RECORDS_DIR, path])
    assert not problems and not failed, [str(p) for f in failed for p in f.problems]
    assert len(good) == len(list(RECORDS_DIR.glob("*.yaml"))) + 1


# -- matching details -----------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, codes", [
    ("ru", "вьетнамско-белорусский меморандум", {"VN", "BY"}),
    ("ru", "делегация Азербайджана прибыла в Республику Беларусь", {"AZ", "BY"}),
    ("en", "the Azerbaijani-Ukrainian working group", {"AZ", "UA"}),
    ("uk", "Міністерство охорони здоров'я України", {"UA"}),
    ("be", "у Рэспубліцы Беларусь і В'етнаме", {"BY", "VN"}),
    ("vi", "giữa Việt Nam và Cộng hòa Belarus", {"VN", "BY"}),
    ("es", "entre Cuba y México", {"CU", "MX"}),
    ("fr", "entre le Sénégal et l'Algérie", {"SN", "DZ"}),
])
def test_country_names_and_adjectives_in_any_form(lang, text, codes):
    from draft.lexicon import tables
    from draft.text import tokens

    found = {m.value.code for m in tables(lang).countries.find(tokens(text, lang))}
    assert found == codes


def test_explain_flag_prints_a_rule_per_fact():
    outcome = CliRunner().invoke(app, ["draft", "--no-link", "--explain", str(FIXTURES / "es-signed.txt")])
    assert outcome.exit_code == 0, outcome.output
    assert "status cue 'firmaron'" in outcome.output
    assert "date '3 de septiembre de 2024'" in outcome.output


def test_other_stories_listed_after_a_report_are_not_read(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text((FIXTURES / "en-proposed.txt").read_text(encoding="utf-8")
                    + "\nRelated news\nFrance and Spain signed an agreement on oncology.\n", encoding="utf-8")
    result = make_draft(str(page))
    assert [i["type"] for i in result.record["instruments"]] == ["protocol"]
    assert any("lists other stories" in rule for _, rule in result.explain)


def test_the_scorer_can_tell_a_wrong_status_and_a_missing_instrument(tmp_path):
    from draft.score import score_record

    gold = yaml.safe_load((RECORDS_DIR / "kazinform-2021-11-04-kazakhstan-astrazeneca-mou.yaml").read_text(encoding="utf-8"))
    same = score_record(gold, gold)
    assert (same.instruments.precision, same.instruments.recall, same.status.value) == (1.0, 1.0, 1.0)
    wrong = yaml.safe_load(yaml.safe_dump(gold))
    wrong["instruments"][0]["status"] = "proposed"
    wrong["instruments"][0].pop("status_history", None)  # its signed step would still make it signed
    assert score_record(wrong, gold).status.value == 0.0
    empty = {**gold, "instruments": []}
    assert score_record(empty, gold).instruments.recall == 0.0


def test_a_url_is_fetched_and_read_as_html():
    """Served from this machine: the test reaches nothing outside it."""
    import functools
    import http.server
    import threading

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(FIXTURES))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/en-signed.html"
        result = make_draft(url)
    finally:
        server.shutdown()
        server.server_close()
    assert result.record["source"]["url"] == url
    assert result.record["instruments"][0]["status"] == "signed"
    with pytest.raises(DraftInputError, match="cannot fetch"):
        make_draft(url)  # the server is gone: a clear error, not a crash


def test_one_bad_input_does_not_lose_the_others(tmp_path):
    outcome = CliRunner().invoke(app, ["draft", "--no-link", "--out", str(tmp_path), str(FIXTURES / "en-approved.txt"),
                                       str(tmp_path / "missing.txt"), str(FIXTURES / "fr-proposed.txt")])
    assert outcome.exit_code == 1
    assert "missing.txt: no such file" in outcome.output
    assert len(list(tmp_path.glob("*.yaml"))) == 2


def test_adopted_is_kept_as_said_and_validates():
    result = draft_of("en-adopted.txt")
    [instrument] = result.record["instruments"]
    assert (instrument["type"], instrument["status"]) == ("declaration", "adopted")
    left, other = check_draft(result.record, result.source_id)
    assert other == [] and left == []  # the vocabulary has 'adopted'


def test_people_in_another_script_are_linked_by_a_close_transliteration(loaded_graph, settings):
    linker = GraphLinker(read_index(loaded_graph, settings.neo4j_database))
    result = draft_of("uk-link.txt", linker=linker)
    people = {p["id"]: p for p in result.record["people"]}
    # "Віктор Ляшко" transliterates to "Viktor Lyashko"; the graph spells him "Viktor Liashko"
    assert set(people) == {"viktor-liashko", "teymur-musayev"}
    assert people["viktor-liashko"]["name"] == "Viktor Liashko"
    assert people["viktor-liashko"]["name_original"] == "Віктор Ляшко"
    checks = [r for r in result.review if r.where.startswith("person '")]
    assert len(checks) == 2 and all("transliteration" in r.reason for r in checks)
    [engagement] = result.record["engagements"]
    assert {p["country"] for p in engagement["participants"]} == {"UA", "AZ"}
    assert "oncology" in engagement["domains"]


# -- bodies and fields as a curator reads them ----------------------------------------------

def draft_text(text: str, **options):
    """A draft of a report given as text (invented here, one fact per rule)."""
    return make_draft("report.txt", article=read_text(text, "report.txt"), **options)


def _party_set(instrument):
    return {(p.get("country"), p.get("organization")) for p in instrument["parties"]}


# A minister's title names their ministry, in each language the lexicon has.
MINISTER_TITLES = [
    ("en", "Malawi and Zambia signed a memorandum of understanding on oncology. The memorandum was signed "
           "by Malawi's Health Minister Khumbize Chiponda and the Minister of Health of Zambia Sylvia Masebo.",
     {("MW", "mw-ministry-of-health"), ("ZM", "zm-ministry-of-health")}),
    ("fr", "Le ministre sénégalais de la Santé, Ibrahima Sy, a signé un accord de coopération en oncologie "
           "avec le ministre de la Santé du Mali, Assa Badiallo Touré.",
     {("SN", "sn-ministry-of-health"), ("ML", "ml-ministry-of-health")}),
    ("es", "El ministro de Salud de Cuba, José Portal, y el ministro de Salud de Bolivia, Jeyson Auza, "
           "firmaron un memorando de entendimiento en oncología.",
     {("CU", "cu-ministry-of-public-health"), ("BO", "bo-ministry-of-health")}),
    ("ru", "Министр здравоохранения России Михаил Мурашко и министр здравоохранения Беларуси Дмитрий Пиневич "
           "подписали соглашение о сотрудничестве в области онкологии.",
     {("RU", "ru-ministry-of-health"), ("BY", "by-ministry-of-health")}),
    ("uk", "Міністр охорони здоров'я України Віктор Ляшко та міністр охорони здоров'я Польщі Адам Недзельський "
           "підписали меморандум про співпрацю у сфері реабілітації.",
     {("UA", "ua-ministry-of-health"), ("PL", "pl-ministry-of-health")}),
]


@pytest.mark.parametrize("lang, text, parties", MINISTER_TITLES, ids=[c[0] for c in MINISTER_TITLES])
def test_a_ministers_title_names_the_ministry_that_is_the_party(lang, text, parties):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == parties
    # the ministers are the people of those ministries
    people = {p["id"]: p for p in result.record["people"]}
    assert {r["organization"] for p in people.values() for r in p["roles"]} == {org for _, org in parties}
    assert any("minister's title" in rule for fact, rule in result.explain if fact.startswith("organizations"))


def test_a_field_in_capitals_before_minister_names_that_ministry():
    result = draft_text("Zimbabwe signed a memorandum of understanding with Malawi on diabetes care. "
                        "Zimbabwe's Health and Child Care Minister Dr Obadiah Moyo signed the memorandum.")
    [instrument] = result.record["instruments"]
    assert ("ZW", "zw-ministry-of-health-and-child-care") in _party_set(instrument)
    orgs = {o["id"]: o for o in result.record["organizations"]}
    assert orgs["zw-ministry-of-health-and-child-care"]["name"] == "Ministry of Health and Child Care of Zimbabwe"
    assert {p["signatory"] for p in instrument["parties"] if p.get("signatory")} == {"obadiah-moyo"}


@pytest.mark.parametrize("lang, text, country, name", [
    ("fr", "Le ministre ivoirien de la Santé a signé un accord de coopération avec la ministre de la Santé et "
           "des Droits de la Femme de Sao Tomé-et-Principe, Angela da Costa.",
     "ST", "Ministère de la Santé et des Droits de la Femme de Sao Tomé-et-Principe"),
    ("uk", "Україна та США підписали меморандум про співробітництво між Міністерством охорони здоров'я України "
           "та Міністерством охорони здоров'я й соціальних служб США.",
     "US", "Міністерство охорони здоров'я й соціальних служб США"),
])
def test_a_ministry_of_more_than_health_keeps_its_own_name(lang, text, country, name):
    """'... de la Santé et des Droits de la Femme' is not the Ministry of Health; a name in a
    language that declines is given as a name is written, in the nominative."""
    result = draft_text(text)
    [instrument] = result.record["instruments"]
    orgs = {o["id"]: o for o in result.record["organizations"]}
    [org_id] = [o for c, o in _party_set(instrument) if c == country]
    assert orgs[org_id]["names"][lang] == name
    assert orgs[org_id]["country"] == country and orgs[org_id]["kind"] == "ministry"


def test_names_in_a_declining_language_are_in_the_nominative():
    result = draft_text("Россия и Китай подписали меморандум между Министерством здравоохранения Российской Федерации "
                        "и Государственным комитетом Китайской Народной Республики по здравоохранению.")
    names = {o["country"]: o["names"]["ru"] for o in result.record["organizations"]}
    assert names == {"RU": "Министерство здравоохранения Российской Федерации",
                     "CN": "Государственный комитет Китайской Народной Республики по здравоохранению"}


@pytest.mark.parametrize("text", [
    "Zambia has signed a memorandum of understanding with Roche, a Swiss pharmaceutical company, on cancer care. "
    "Health Minister Dr Elijah Muchima signed the memorandum.",
    "Zambia has signed a memorandum of understanding with Roche, a Swiss pharmaceutical company, on cancer care. "
    "Zambia and Roche signed the memorandum in Basel.",
])
def test_a_company_is_a_party_as_itself_and_its_home_country_is_none(text):
    result = draft_text(text)
    [instrument] = result.record["instruments"]
    parties = _party_set(instrument)
    assert (None, "roche") in parties
    assert "CH" not in {c for c, _ in parties}  # a company's home country signs nothing
    orgs = {o["id"]: o for o in result.record["organizations"]}
    assert orgs["roche"]["kind"] == "company" and orgs["roche"]["country"] == "CH"
    assert {c for c, _ in parties if c} == {"ZM"}


def test_a_companys_office_is_a_party_without_its_host_country():
    result = draft_text("The Ministry of Health of Kazakhstan and AstraZeneca's representative office in Kazakhstan "
                        "signed a memorandum of understanding on oncology.")
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == {("KZ", "kz-ministry-of-health"), (None, "kz-astrazeneca-representative-office")}


def test_the_health_minister_named_without_a_country_fills_the_one_unnamed_side():
    result = draft_text("Zambia has signed a memorandum of understanding with Roche, a Swiss pharmaceutical company, "
                        "on cancer care. Health Minister Dr Elijah Muchima signed the memorandum last week.")
    [instrument] = result.record["instruments"]
    assert ("ZM", "zm-ministry-of-health") in _party_set(instrument)
    assert any("the one party whose body was not named" in rule for _, rule in result.explain)


def test_a_party_takes_the_one_body_of_its_country_the_report_names_elsewhere():
    result = draft_text("Chaired by Vice Minister Li Bin of the National Health Commission of China, the meeting was "
                        "attended by Vice Minister Ito Taro of the Ministry of Health, Labour and Welfare of Japan.\n"
                        "China and Japan signed a memorandum of understanding on health cooperation.")
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == {("CN", "cn-national-health-commission"),
                                      ("JP", "jp-ministry-of-health-labour-and-welfare")}
    # not stated beside the instrument: left to the curator to check
    assert any("not beside this instrument" in r.reason for r in result.review)


def test_a_hand_wrapped_paragraph_is_read_as_one():
    wrapped = ("Meeting of health ministers in Hanoi\n"
               "On 3 December 2023 the ministers met in Hanoi. The memorandum of understanding on\n"
               "oncology was signed by Vice Minister Tran Van Thuan of the Ministry of Health of\n"
               "Viet Nam and Vice Minister Kim Lee of the Ministry of Health and Welfare of the\n"
               "Republic of Korea at the end of the meeting, which both sides called a success.\n")
    result = draft_text(wrapped)
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == {("VN", "vn-ministry-of-health"), ("KR", "kr-ministry-of-health-and-welfare")}
    assert "oncology" in instrument["domains"]


def test_two_instruments_in_clauses_of_one_sentence_are_both_drafted():
    result = draft_text("China, Japan and South Korea held their health ministers' meeting. The ministers of China, "
                        "Japan and South Korea adopted a joint statement on ageing, and they signed a memorandum of "
                        "understanding on pandemic preparedness.")
    kinds = {i["type"]: i for i in result.record["instruments"]}
    assert set(kinds) == {"joint-statement", "memorandum-of-understanding"}
    assert kinds["joint-statement"]["status"] == "adopted"
    assert kinds["memorandum-of-understanding"]["status"] == "signed"


def test_a_clause_naming_no_side_or_event_has_those_of_its_sentence():
    """'The Meeting endorsed the Joint Statement, and the three vice ministers of China, Japan and
    South Korea signed the memorandum': one sentence, one meeting, the same three sides; the meeting
    is dated by a later sentence, and what was signed there without a date of its own has its day."""
    result = draft_text("Tripartite Health Ministers' Meeting\n"
                        "On 3 December 2023 the meeting of health ministers was held in Beijing.\n"
                        "The Meeting endorsed the Joint Statement on ageing, and the vice ministers of China, Japan "
                        "and South Korea signed the Memorandum of Understanding on Health Cooperation.")
    kinds = {i["type"]: i for i in result.record["instruments"]}
    assert set(kinds) == {"joint-statement", "memorandum-of-understanding"}
    for instrument in kinds.values():
        assert {p["country"] for p in instrument["parties"]} == {"CN", "JP", "KR"}
        assert instrument["signed_at"] == kinds["memorandum-of-understanding"]["signed_at"]
        assert instrument["signed_date"] == "2023-12-03"
    [event] = result.record["events"]
    assert event["date"] == "2023-12-03" and event["id"].endswith("-2023")


@pytest.mark.parametrize("lang, text, fields", [
    ("ru", "Министерство здравоохранения Украины подписало соглашение о сотрудничестве со Всемирной организацией "
           "здравоохранения (ВОЗ).\nВ частности, речь идёт о борьбе с туберкулезом и диабетом.",
     {"tuberculosis", "diabetes"}),
    ("fr", "L'Algérie et la Mauritanie ont signé un accord de coopération.\nL'accord porte sur la santé publique "
           "et la gestion hospitalière.", {"public-health", "hospitals"}),
    ("en", "Malawi and Zambia signed a memorandum of understanding.\nIt covers malaria and tuberculosis.",
     {"malaria", "tuberculosis"}),
])
def test_fields_in_the_sentence_that_goes_on_about_an_instrument_are_its_domains(lang, text, fields):
    result = draft_text(text)
    [instrument] = result.record["instruments"]
    assert fields <= set(instrument["domains"])


def test_a_label_inside_a_longer_one_is_not_a_domain_of_its_own():
    result = draft_text("Malawi and Zambia signed a memorandum of understanding on non-communicable diseases.")
    [instrument] = result.record["instruments"]
    assert "noncommunicable-diseases" in instrument["domains"]
    assert "communicable-diseases" not in instrument["domains"]


def test_drafts_with_companies_and_ministers_validate():
    """The new kinds of party still make records `hdkg validate` accepts (but for what is left to the curator)."""
    for text in [MINISTER_TITLES[0][1], MINISTER_TITLES[3][1],
                 "Zambia has signed a memorandum of understanding with Roche, a Swiss pharmaceutical company, on cancer care."]:
        result = draft_text(text)
        assert result.record["instruments"]
        _, other = check_draft(result.record)
        assert not other, [p.message for p in other]


def test_a_ministry_named_from_a_ministers_title_links_to_the_graphs(loaded_graph, settings):
    """'Azerbaijan's Minister of Labor and Social Protection' is the graph's
    az-ministry-of-labour-and-social-protection (its alias 'Ministry of Labor and Social Protection')."""
    linker = GraphLinker(read_index(loaded_graph, settings.neo4j_database))
    result = draft_text("Azerbaijan and Uzbekistan signed a memorandum of understanding on social protection. "
                        "The memorandum was signed by Azerbaijan's Minister of Labor and Social Protection Sahil Babayev.",
                        linker=linker)
    [instrument] = result.record["instruments"]
    assert ("AZ", "az-ministry-of-labour-and-social-protection") in _party_set(instrument)
    orgs = {o["id"]: o for o in result.record["organizations"]}
    assert "evidence" not in orgs["az-ministry-of-labour-and-social-protection"]  # the graph states it


def test_a_day_and_month_after_a_day_word_is_a_date_without_its_year():
    from draft.dates import parse_date

    assert parse_date("Ngày 21/10 tại Hà Nội, hai bộ đã ký kết Biên bản ghi nhớ", "vi", None).value == "--10-21"
    assert parse_date("Ngày 21/10 tại Hà Nội", "vi", "2010-11-02").value == "2010-10-21"
    assert parse_date("Dịch vụ 24/7 tại Hà Nội", "vi", None) is None  # no day word before it


def test_a_french_phrase_with_an_elided_article_matches_the_text():
    """'l'accord' in the lexicon is 'l'' and 'accord', as the text is split."""
    from draft.lexicon import tables
    from draft.text import tokens

    toks = tokens("L'accord porte sur la santé publique, à l'occasion de la réunion.", "fr")
    table = tables("fr")
    assert [m.phrase for m in table.words["anaphora"].find(toks)] == ["l'accord"]
    assert [m.phrase for m in table.words["occasion"].find(toks)] == ["à l'occasion de"]


@pytest.mark.parametrize("lang, text, domain", [
    ("es", "Cuba y México firmaron un memorando de entendimiento sobre el medicamento genérico.", "generic-medicines"),
    ("fr", "L'Algérie et le Sénégal ont signé un accord sur le médicament générique.", "generic-medicines"),
    ("en", "Malawi and Zambia signed a memorandum of understanding on clinical trial.", "clinical-trials"),
])
def test_a_domain_label_matches_in_the_plural_and_the_singular(lang, text, domain):
    """The scheme labels 'medicamentos genéricos', 'médicaments génériques', 'clinical trials': one
    other number is the same field where the matcher has no lemmas."""
    from draft.lexicon import lexicon

    assert "label_plurals" in lexicon() and lang in lexicon()["label_plurals"]
    [instrument] = draft_text(text).record["instruments"]
    assert domain in instrument["domains"]


def test_a_one_word_plural_label_is_not_taken_in_the_singular():
    from draft.lexicon import tables
    from draft.text import tokens

    found = tables("en").domains.find(tokens("a generic term for the sector", "en"), overlap=True)
    assert "generic-medicines" not in {m.value for m in found}


@pytest.mark.parametrize("lang, text, party", [
    ("en", "Peru and Chile signed a memorandum of understanding on vaccines. The memorandum was signed by Chile's "
           "Ambassador to Peru Ana Soto and the Minister of Health of Peru Cesar Vasquez.", ("CL", "cl-embassy-in-peru")),
    ("es", "Los gobiernos de Perú y de la República de Chile, representada por su embajadora en Perú, Ana Soto, "
           "firmaron un memorando de entendimiento sobre vacunas.", ("CL", "cl-embassy-in-peru")),
    ("ru", "Посол Беларуси в Сербии Сергей Лукашевич и министр здравоохранения Сербии Златибор Лончар подписали "
           "меморандум о сотрудничестве в области трансплантологии.", ("BY", "by-embassy-in-serbia")),
    ("vi", "Đại sứ Cộng hòa Belarus tại Việt Nam Uladzimir Baravikou và Bộ Y tế Việt Nam đã ký kết bản ghi nhớ về vắc xin.",
     ("BY", "by-embassy-in-vietnam")),
])
def test_an_ambassadors_title_names_the_embassy_that_is_the_party(lang, text, party):
    [instrument] = draft_text(text).record["instruments"]
    assert party in _party_set(instrument)


@pytest.mark.parametrize("lang, at_event, signers, people", [
    ("en", "The memorandum of understanding on health was signed on Monday during the meeting of Peru's Health "
           "Minister John Smith and Chile's Health Minister Ana Soto.",
     "Peru's Health Minister John Smith and Chile's Health Minister Ana Soto signed the memorandum of understanding "
     "on health during the meeting.", {"john-smith", "ana-soto"}),
    ("ru", "Меморандум о сотрудничестве в области здравоохранения подписан в понедельник в ходе встречи министра "
           "здравоохранения Армении Армена Мурадяна и министра здравоохранения Грузии Давида Сергеенко.",
     "Министр здравоохранения Армении Армен Мурадян и министр здравоохранения Грузии Давид Сергеенко подписали "
     "меморандум о сотрудничестве в области здравоохранения в ходе встречи.", {"armen-muradyan", "david-sergeenko"}),
    ("es", "El memorando de entendimiento en salud fue firmado el lunes durante la reunión del ministro de Salud de "
           "Perú, Juan Pérez, y la ministra de Salud de Chile, Ana Soto.",
     "El ministro de Salud de Perú, Juan Pérez, y la ministra de Salud de Chile, Ana Soto, firmaron el memorando de "
     "entendimiento en salud durante la reunión.", {"juan-perez", "ana-soto"}),
])
def test_people_of_the_event_a_signing_happened_at_are_not_its_signatories(lang, at_event, signers, people):
    # "was signed during the meeting of A and B" says where, not who signed: left for review
    result = draft_text(at_event)
    [instrument] = result.record["instruments"]
    assert not any(p.get("signatory") for p in instrument["parties"])
    assert any("after the signing" in item.reason for item in result.review if item.where.endswith(".signatory"))
    # the same people as the subject of the signing sign
    [instrument] = draft_text(signers).record["instruments"]
    assert {p.get("signatory") for p in instrument["parties"]} == people


def test_an_ambassador_who_is_only_present_names_no_party():
    [instrument] = draft_text("Peru and Chile signed a memorandum of understanding on vaccines in the presence of "
                              "Chile's Ambassador to Peru Ana Soto.").record["instruments"]
    assert _party_set(instrument) == {("PE", None), ("CL", None)}


def test_between_with_no_sides_after_it_is_not_the_list_of_parties():
    """'entre otros' (among others) after the instrument names no side: the sentence's countries are."""
    result = draft_text("Los gobiernos de Perú y de Chile firmaron un memorando de entendimiento sobre vacunas, "
                        "salud materna y nutrición, entre otros.")
    [instrument] = result.record["instruments"]
    assert {c for c, _ in _party_set(instrument)} == {"PE", "CL"}
    assert not any("most-named countries" in rule for _, rule in result.explain)  # stated, not inferred


@pytest.mark.parametrize("lang, text, domains", [
    ("uk", "Міністерство охорони здоров'я України та Міністерство охорони здоров'я Литви підписали "
           "меморандум про співпрацю. Сторони розвиватимуть співпрацю в галузі психічного здоров'я та "
           "лікування цукрового діабету.", {"mental-health", "diabetes"}),
    ("be", "Міністэрства аховы здароўя Беларусі і Міністэрства аховы здароўя Казахстана падпісалі "
           "мемарандум аб супрацоўніцтве. Бакі будуць супрацоўнічаць у галіне псіхічнага здароўя і "
           "паліятыўнай медыцынскай дапамогі.", {"mental-health", "palliative-care"}),
])
def test_ukrainian_and_belarusian_reports_name_their_domains_by_the_schemes_labels(lang, text, domains):
    """'психічне здоров'я', 'цукровий діабет' (lemmas), 'псіхічнае здароўе', 'паліятыўная медыцынская
    дапамога' (stems): the scheme's labels in the report's language, in the case the report uses."""
    [instrument] = draft_text(text).record["instruments"]
    assert set(instrument["domains"]) == domains


def test_a_belarusian_label_matches_its_declined_forms_and_its_preposition_either_way():
    table = tables("be").domains
    for text in ("супрацоўніцтва ў сферы аховы здароўя", "супрацоўніцтву у сферы аховы здароўя"):
        assert [m.value for m in table.find(tokens(text, "be"))] == ["health-cooperation"], text
    assert not table.find(tokens("лекцыя ў Мінску", "be"))  # a word as short as 'лекі' matches only as written


def _broken_lexicon(tmp_path, old: str, new: str):
    text = LEXICON_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "lexicon.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, says", [
    ("    connectors: [de, la, du, des, d, l, le, les]", "    connectors: de la du",
     "name_words.fr.connectors: Input should be a valid tuple"),
    ('"on", in, at', "on, in, at", "name_words.en.stop.6: Input should be a valid string (got True)"),
    ("field_prepositions:\n  ru:", "field_prepositions:\n  rus:", "field_prepositions.rus: not a language of the draft"),
    ("capitalised_field:\n  en: {conjunction: and, of: of,", "capitalised_field:\n  en: {conjunction: and,",
     "capitalised_field.en.of: Field required"),
    ("plural_heads:\n  en: {ending: s,", "plural_heads:\n  en: {endings: s,", "plural_heads.en.endings: Extra inputs are not permitted (got 's'); valid: ending, words"),
])
def test_a_malformed_lexicon_is_refused_naming_the_file_and_the_key(tmp_path, old, new, says):
    path = _broken_lexicon(tmp_path, old, new)
    with pytest.raises(LexiconError) as error:
        read_lexicon(path)
    assert str(path) in str(error.value) and says in str(error.value)


def test_the_lexicon_as_shipped_is_read():
    assert read_lexicon(LEXICON_FILE)["minister_roles"]
    assert rules().capitalised_field["en"].of == "of"
    assert tables("fr").before_country == tables("fr").connectors - {"des", "le", "les", "los", "las"}


# -- approving a signing is not signing -----------------------------------------------------

# A sentence that approves or proposes the act of signing (a noun or an infinitive of the
# signing cue) reports that stage, in each language the lexicon names the act in.
APPROVED_SIGNINGS = [
    ("en", "The Cabinet approved the proposal to sign a memorandum of understanding between Fiji and Samoa "
           "on oncology.", "approved-for-signing"),
    ("en", "The Cabinet has approved the signing of an agreement between Fiji and Samoa on oncology.",
     "approved-for-signing"),
    ("ru", "Правительство одобрило подписание соглашения между Арменией и Грузией о сотрудничестве в области "
           "онкологии.", "approved-for-signing"),
    ("uk", "Уряд схвалив підписання угоди між Україною та Польщею про співпрацю у сфері онкології.",
     "approved-for-signing"),
    ("es", "El Gobierno aprobó la firma de un acuerdo entre Chile y Perú en oncología.", "approved-for-signing"),
    ("fr", "Le gouvernement a approuvé la signature d'un accord entre le Mali et le Niger en oncologie.",
     "approved-for-signing"),
    ("ru", "Министр предложил подписать соглашение между Арменией и Грузией о сотрудничестве в области "
           "онкологии.", "proposed"),
]


@pytest.mark.parametrize("lang, text, status", APPROVED_SIGNINGS)
def test_approving_or_proposing_the_signing_is_that_stage_not_a_signing(lang, text, status):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["status"] == status
    assert "signed_date" not in instrument


@pytest.mark.parametrize("lang, text", [
    ("ru", "Правительство одобрило соглашение между Арменией и Грузией о сотрудничестве в области онкологии. "
           "Целью подписания соглашения является развитие онкологии."),
    ("en", "Signing of a memorandum of understanding between Fiji and Samoa on oncology. "
           "The proposal of the Minister of Health to sign the memorandum was approved by the Cabinet."),
])
def test_a_later_sentence_naming_the_act_of_signing_does_not_make_it_signed(lang, text):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["status"] == "approved-for-signing"


@pytest.mark.parametrize("lang, text", [
    ("ru", "Армения и Грузия подписали соглашение о сотрудничестве в области онкологии."),
    ("en", "Fiji and Samoa signed a memorandum of understanding on oncology. The signing took place in Suva."),
])
def test_a_signing_said_done_stays_signed(lang, text):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["status"] == "signed"


# -- one instrument named again, a denial, a field in general terms, a list ------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "Fiji and Samoa signed a memorandum of understanding on oncology. "
           "The Attorney General cleared the draft Agreement."),
    ("es", "Chile y Perú firmaron un memorando de entendimiento en oncología. El acuerdo fue revisado por el ministerio."),
])
def test_the_generic_word_naming_no_side_is_the_instrument_already_drafted(lang, text):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["type"] == "memorandum-of-understanding"


@pytest.mark.parametrize("lang, text", [
    ("es", "Es falso que se haya firmado un convenio entre Chile y Perú. "
           "Un portal informó que se firmó un acuerdo entre Chile y Perú en oncología."),
    ("en", "It is false that an agreement was signed between Fiji and Samoa. "
           "A website wrote that Fiji and Samoa signed an agreement on oncology."),
])
def test_a_signing_the_report_denies_is_not_drafted(lang, text):
    result = draft_text(text, lang=lang)
    assert result.record.get("instruments", []) == []


def test_a_plain_negation_is_no_denial_of_the_kind():
    text = ("México y Ecuador firmaron un memorando de entendimiento en oncología. "
            "Esta no es solo la firma de un acuerdo, de un memorando de entendimiento.")
    [instrument] = draft_text(text, lang="es").record["instruments"]
    assert instrument["status"] == "signed"


@pytest.mark.parametrize("lang, text", [
    ("en", "Fiji and Samoa signed an agreement on cooperation in health care."),
    ("fr", "Le Mali et le Niger ont signé un accord dans le domaine de la santé."),
])
def test_a_field_named_in_general_terms_is_the_instruments_health_cooperation(lang, text):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert "health" not in instrument["domains"]
    assert "health-cooperation" in instrument["domains"]


@pytest.mark.parametrize("lang, text, domains", [
    ("en", "Fiji and Samoa signed a memorandum of understanding. It covers the following areas:\n"
           "Exchange of experience;\nOncology;\nTransplantation.", {"oncology", "transplantation"}),
    ("uk", "Україна та Польща підписали меморандум про співпрацю. Меморандум визначає кроки щодо:\n"
           "обміну досвідом;\nонкології;\nтрансплантології.", {"oncology", "transplantation"}),
])
def test_the_items_of_a_list_the_instrument_opens_give_its_domains(lang, text, domains):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert domains <= set(instrument["domains"])


# -- the same body of each country joined to it ---------------------------------------------

@pytest.mark.parametrize("lang, text, parties", [
    ("es", "Los ministros de Salud de Chile, Ana Rojas, y Perú, Luis Soto, firmaron un memorando de "
           "entendimiento en oncología.", {("CL", "cl-ministry-of-health"), ("PE", "pe-ministry-of-health")}),
    ("ru", "Министерства здравоохранения Армении и Грузии подписали соглашение о сотрудничестве в области "
           "онкологии.", {("AM", "am-ministry-of-health"), ("GE", "ge-ministry-of-health")}),
    ("en", "The Ministry of Health of Fiji and Samoa signed a memorandum of understanding on oncology.",
     {("FJ", "fj-ministry-of-health"), ("WS", "ws-ministry-of-health")}),
])
def test_a_country_joined_to_a_body_has_the_same_body(lang, text, parties):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert _party_set(instrument) == parties


def test_the_body_a_joined_country_names_itself_is_its_party():
    text = ("Міністерство охорони здоров'я України і США підписали меморандум про співробітництво у сфері "
            "онкології. Меморандум підписали Міністерство охорони здоров'я України та Міністерство охорони "
            "здоров'я й соціальних служб США.")
    [instrument] = draft_text(text, lang="uk").record["instruments"]
    us = {org for country, org in _party_set(instrument) if country == "US"}
    assert us and us != {"us-ministry-of-health"}


@pytest.mark.parametrize("lang, text", [
    ("ru", "Министерство здравоохранения Армении и Министерство здравоохранения Грузии заключили меморандум "
           "о сотрудничестве в области онкологии."),
    ("uk", "Україна та Польща уклали угоду про співпрацю у сфері онкології."),
])
def test_concluding_an_instrument_is_signing_it(lang, text):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["status"] == "signed"


# -- institutions are parties as themselves --------------------------------------------------

@pytest.mark.parametrize("lang, text, kinds", [
    ("uk", "Національна академія медичних наук України та громадська організація «Ліга лікарів» підписали "
           "меморандум про співпрацю у сфері реабілітації.", {"research-institute", "ngo"}),
    ("fr", "Le CHU de Bouaké (Côte d'Ivoire) et le CHU de Fès (Maroc) ont signé une convention de partenariat "
           "en oncologie.", {"hospital"}),
    ("en", "The National Academy of Sciences of Fiji and the Medical Association of Samoa signed a "
           "memorandum of understanding on oncology.", {"research-institute", "ngo"}),
])
def test_institutions_are_parties_as_themselves(lang, text, kinds):
    result = draft_text(text, lang=lang)
    [instrument] = result.record["instruments"]
    orgs = {o["id"]: o for o in result.record["organizations"]}
    parties = [p for p in instrument["parties"] if p.get("organization")]
    assert len(parties) == 2
    assert {orgs[p["organization"]]["kind"] for p in parties} == kinds


def test_a_country_in_brackets_after_a_name_is_its_country():
    text = ("Le CHU de Bouaké (Côte d'Ivoire) et le CHU de Fès (Maroc) ont signé une convention de partenariat "
            "en oncologie.")
    [instrument] = draft_text(text, lang="fr").record["instruments"]
    assert {p["country"] for p in instrument["parties"]} == {"CI", "MA"}


def test_an_unplaced_institution_facing_a_placed_one_is_of_the_reports_language_country():
    text = "Lễ ký kết bản ghi nhớ giữa Viện Dinh dưỡng và Viện Y tế Quốc gia Hàn Quốc về dinh dưỡng."
    result = draft_text(text, lang="vi")
    [instrument] = result.record["instruments"]
    assert {p["country"] for p in instrument["parties"]} == {"VN", "KR"}
    assert any("report's language" in r.reason or "inferred" in r.reason for r in result.review)


def test_an_unplaced_institution_is_not_given_the_one_country_a_report_names():
    # two hospitals, one country named: which one is Japanese the report does not say in a way
    # the draft reads, so neither is given Japan by guess
    text = ("Bệnh viện Hòa Bình và Bệnh viện Sakura đã ký kết bản ghi nhớ về dinh dưỡng. "
            "Đoàn công tác của Nhật Bản đã tham dự buổi lễ.")
    [instrument] = draft_text(text, lang="vi").record["instruments"]
    assert [p for p in instrument["parties"] if p.get("organization") and p["country"] == "JP"] == []


def test_a_home_country_that_is_no_country_code_is_refused(tmp_path):
    path = _broken_lexicon(tmp_path, "home_country:\n  vi: VN", "home_country:\n  vi: Vietnam")
    with pytest.raises(LexiconError) as error:
        read_lexicon(path)
    assert "home_country.vi" in str(error.value) and "Vietnam" in str(error.value)


@pytest.mark.parametrize("lang, text, date", [
    ("vi", "Theo công văn ngày 02/03/2024, ngày 18 tháng 7 năm 2024, Viện Dinh dưỡng và Viện Y tế Quốc gia "
           "Hàn Quốc đã ký kết bản ghi nhớ về dinh dưỡng.", "2024-07-18"),
    ("en", "Following a letter of 2 March 2024, Fiji and Samoa signed on 18 July 2024 a memorandum of "
           "understanding on oncology.", "2024-07-18"),
])
def test_of_two_dates_in_a_sentence_the_one_nearest_its_status_dates_it(lang, text, date):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert instrument["signed_date"] == date


# -- several instruments in one report -------------------------------------------------------

@pytest.mark.parametrize("lang, text, kinds", [
    ("ru", "Армения и Грузия подписали соглашение и «дорожную карту» о сотрудничестве в области онкологии.",
     {"agreement", "action-plan"}),
    ("en", "Fiji and Samoa signed an agreement and an action plan on oncology.", {"agreement", "action-plan"}),
    ("es", "Chile y Perú firmaron un acuerdo y una hoja de ruta en oncología.", {"agreement", "action-plan"}),
    ("fr", "Le Mali et le Niger ont signé un accord et une feuille de route en oncologie.",
     {"agreement", "action-plan"}),
])
def test_kinds_joined_in_one_sentence_are_instruments_of_their_own(lang, text, kinds):
    instruments = draft_text(text, lang=lang).record["instruments"]
    assert {i["type"] for i in instruments} == kinds
    assert all(i["status"] == "signed" and len(i["parties"]) == 2 for i in instruments)


def test_a_later_sentence_naming_both_kinds_gives_both_their_bodies():
    text = ("Армения и Грузия подписали соглашение и «дорожную карту» о сотрудничестве в области онкологии. "
            "Соглашение и «дорожную карту» подписали министерства здравоохранения Армении и Грузии.")
    instruments = draft_text(text, lang="ru").record["instruments"]
    assert len(instruments) == 2
    for instrument in instruments:
        assert _party_set(instrument) == {("AM", "am-ministry-of-health"), ("GE", "ge-ministry-of-health")}


@pytest.mark.parametrize("lang, text, domain", [
    ("es", "Chile y Perú firmaron un acuerdo sobre la donación de órganos.", "transplantation"),
    ("ru", "Армения и Грузия подписали соглашение о сотрудничестве в сфере донорства органов.", "transplantation"),
    ("fr", "Le Mali et le Niger ont signé un accord sur la lutte contre l'obésité.", "nutrition"),
    ("en", "Fiji and Samoa signed an agreement on strengthening healthcare systems.", "health-systems"),
])
def test_everyday_names_of_fields_give_their_domain(lang, text, domain):
    [instrument] = draft_text(text, lang=lang).record["instruments"]
    assert domain in instrument["domains"]


def test_a_sentence_does_not_end_at_an_abbreviation_the_lexicon_lists():
    from_lexicon = tables("es").abbreviated
    text = "La Sra. Pérez y el Dr. Soto firmaron. ST. Mary's Hospital firmó también."
    assert [s for s, _ in sentences(text, from_lexicon)] == [
        "La Sra. Pérez y el Dr. Soto firmaron.", "ST. Mary's Hospital firmó también."]
    assert len(sentences("La Sra. Pérez firmó.")) == 2  # without the lexicon's words, only initials


@pytest.mark.parametrize("lang, text", [
    ("uk", "Україна та Європейське регіональне бюро Всесвітньої організації охорони здоров'я підписали угоду "
           "про співпрацю у сфері онкології. Угоду підписано з ВООЗ."),
    ("en", "Fiji signed an agreement on oncology with the WHO Regional Office for Europe. The agreement with WHO "
           "was signed in Suva."),
])
def test_an_office_of_an_organization_is_the_party_not_the_organization_too(lang, text):
    result = draft_text(text, lang=lang)
    [instrument] = result.record["instruments"]
    organizations = {p.get("organization") for p in instrument["parties"]}
    assert "who-regional-office-for-europe" in organizations and "who" not in organizations
    left, other = check_draft(result.record, result.source_id)
    assert other == []


@pytest.mark.parametrize("lang, text", [
    ("en", "the United Kingdom of Great Britain and Northern Ireland"),
    ("fr", "le gouvernement du Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"),
    ("es", "el Gobierno del Reino Unido de Gran Bretaña e Irlanda del Norte"),
    ("ru", "Правительство Соединённого Королевства Великобритании и Северной Ирландии"),
    ("uk", "Уряд Сполученого Королівства Великої Британії та Північної Ірландії"),
    ("be", "Урад Злучанага Каралеўства Вялікабрытаніі і Паўночнай Ірландыі"),
    ("vi", "Chính phủ Vương quốc Liên hiệp Anh và Bắc Ireland"),
])
def test_the_united_kingdoms_full_name_names_no_ireland(lang, text):
    """Northern Ireland, in the United Kingdom's name or alone, is the United Kingdom's."""
    found = {m.value.code for m in tables(lang).countries.find(tokens(text, lang))}
    assert found == {"GB"}, found


@pytest.mark.parametrize("lang, text, parties", [
    ("fr", "Un mémorandum d'entente a été signé entre le gouvernement tunisien et le gouvernement du Royaume-Uni "
           "de Grande Bretagne et d'Irlande du Nord.", {("TN", "tn-government"), ("GB", "gb-government")}),
    ("es", "El gobierno chileno y el gobierno uruguayo firmaron un memorando de entendimiento sobre vacunas.",
     {("CL", "cl-government"), ("UY", "uy-government")}),
])
def test_a_country_adjective_after_the_bodys_word_is_its_country(lang, text, parties):
    """French and Spanish write the adjective after the noun (`postposed_adjectives`)."""
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == parties
    assert not any("inferred from the pairing" in r.reason for r in result.review)


def test_a_country_adjective_after_the_bodys_word_is_read_only_where_the_language_writes_it_so():
    assert rules().postposed_adjectives.get("fr") and rules().postposed_adjectives.get("es")
    assert not any(rules().postposed_adjectives.get(lang) for lang in ("en", "ru", "uk", "be", "vi"))


# A state's own body by its own name (`national_bodies`), in each language: named with its country,
# without it, or as "the Ministry of Health" of a country whose ministry of health has a name of its own.
NATIONAL_BODIES = [
    ("en", "Japan's Ministry of Health, Labour and Welfare and the Ministry of Health of Viet Nam signed a "
           "memorandum of cooperation on vaccines.",
     {("JP", "jp-ministry-of-health-labour-and-welfare"), ("VN", "vn-ministry-of-health")}),
    ("es", "El Ministerio de Salud Pública de Uruguay y el Ministerio de Salud de Chile firmaron un memorando de "
           "entendimiento sobre vacunas.", {("UY", "uy-ministry-of-public-health"), ("CL", "cl-ministry-of-health")}),
    ("es", "La Secretaría de Salud y el Ministerio de Salud Pública de Cuba firmaron un memorando de entendimiento "
           "sobre vacunas en México.", {("MX", "mx-secretaria-de-salud"), ("CU", "cu-ministry-of-public-health")}),
    ("fr", "Le ministère de la Santé publique du Liban et le ministère de la Santé du Maroc ont signé un protocole "
           "de coopération en oncologie.", {("LB", "lb-ministry-of-public-health"), ("MA", "ma-ministry-of-health")}),
    ("ru", "Министерство здравоохранения Кубы и Министерство здравоохранения России подписали соглашение о "
           "сотрудничестве в области онкологии.", {("CU", "cu-ministry-of-public-health"), ("RU", "ru-ministry-of-health")}),
    ("uk", "Національна академія медичних наук України та Міністерство охорони здоров'я Польщі підписали "
           "меморандум про співпрацю у сфері реабілітації.",
     {("UA", "ua-national-academy-of-medical-sciences"), ("PL", "pl-ministry-of-health")}),
    ("be", "Міністэрства аховы здароўя Беларусі і Міністэрства аховы здароўя Мексікі падпісалі пагадненне аб "
           "супрацоўніцтве ў галіне кардыялогіі.", {("BY", "by-ministry-of-health"), ("MX", "mx-secretaria-de-salud")}),
    ("vi", "Viện Vệ sinh Dịch tễ Trung ương và Bộ Y tế Lào đã ký kết bản ghi nhớ về vắc xin.",
     {("VN", "vn-national-institute-of-hygiene-and-epidemiology"), ("LA", "la-ministry-of-health")}),
]


@pytest.mark.parametrize("lang, text, parties", NATIONAL_BODIES, ids=[f"{c[0]}-{k}" for k, c in enumerate(NATIONAL_BODIES)])
def test_a_states_own_body_is_named_as_the_state_names_it(lang, text, parties):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert _party_set(instrument) == parties
    orgs = {o["id"]: o for o in result.record["organizations"]}
    assert all(orgs[org]["country"] == country for country, org in parties if org in orgs)


def test_the_ministry_of_health_of_a_country_that_names_it_otherwise_takes_its_name():
    result = draft_text("Cuba and Mexico signed a memorandum of understanding on vaccines. The memorandum was signed "
                        "by the Minister of Health of Cuba and the Minister of Health of Mexico.")
    orgs = {o["id"]: o["name"] for o in result.record["organizations"]}
    assert orgs["cu-ministry-of-public-health"] == "Ministry of Public Health of Cuba"
    assert orgs["mx-secretaria-de-salud"] == "Secretariat of Health of Mexico"


def test_a_name_several_states_bodies_share_is_given_no_country_when_the_report_names_several_of_them():
    """'Secretaría de Salud' is Mexico's and Honduras's: with both named, whose it is is not said."""
    result = draft_text("La Secretaría de Salud firmó un memorando de entendimiento sobre vacunas con México y Honduras.")
    assert not {o["id"] for o in result.record.get("organizations", [])} & {"mx-secretaria-de-salud", "hn-secretaria-de-salud"}


@pytest.mark.parametrize("old, new, says", [
    ("  - country: UY\n    kind: ministry", "  - country: Uruguay\n    kind: ministry", "no ISO 3166-1 code"),
    ("    slug: lncpp\n", "", "slug missing"),
    ("  - country: HN\n    kind: ministry\n    english: Secretariat of Health",
     "  - country: HN\n    kind: ministry\n    english: Ministry of Health", "names another body"),
    ("    fr: [lncpp,", "    de: [lncpp,", "not a language of the draft"),
])
def test_a_malformed_national_body_is_refused_by_its_entry(tmp_path, old, new, says):
    with pytest.raises(LexiconError) as error:
        read_lexicon(_broken_lexicon(tmp_path, old, new))
    assert "national_bodies[" in str(error.value) and says in str(error.value)


# A body named without its country, in a sentence that states no side: which side's it is would be a guess.
UNPLACED_BODIES = [
    ("en", "Peru and Chile signed a memorandum of understanding on vaccines. A memorandum of understanding was "
           "signed by the Ministry of Health.", {"PE", "CL"}),
    ("es", "Perú y Chile firmaron un memorando de entendimiento sobre vacunas. Un memorando de entendimiento fue "
           "firmado por el Ministerio de Salud.", {"PE", "CL"}),
    ("fr", "Le Maroc et la Tunisie ont signé un mémorandum d'entente sur les vaccins. Un mémorandum d'entente a été "
           "signé par le ministère de la Santé.", {"MA", "TN"}),
    ("ru", "Россия и Сербия подписали меморандум о взаимопонимании о вакцинах. Новый меморандум о взаимопонимании "
           "подписало министерство здравоохранения.", {"RU", "RS"}),
    ("uk", "Україна та Польща підписали меморандум про взаєморозуміння щодо вакцин. Новий меморандум про "
           "взаєморозуміння підписало міністерство охорони здоров'я.", {"UA", "PL"}),
    ("be", "Беларусь і Сербія падпісалі мемарандум аб узаемаразуменні аб вакцынах. Новы мемарандум аб "
           "узаемаразуменні падпісала міністэрства аховы здароўя.", {"BY", "RS"}),
    ("vi", "Lào và Campuchia đã ký kết bản ghi nhớ về vắc xin. Một bản ghi nhớ khác đã được ký kết bởi Bộ Y tế.",
     {"LA", "KH"}),
]


@pytest.mark.parametrize("lang, text, countries", UNPLACED_BODIES, ids=[c[0] for c in UNPLACED_BODIES])
def test_a_body_named_without_its_country_where_no_side_is_stated_is_given_to_no_side(lang, text, countries):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    parties = {party for instrument in result.record["instruments"] for party in _party_set(instrument)}
    assert {country for country, _ in parties} == countries
    assert not any(org and "ministry" in org for _, org in parties), parties



# A company named with its legal form, in each language: a company as itself, its home (named in
# its name, with it, or by a form of one country only) no party; with no home given, it is left out.
COMPANY_FORMS = [
    ("es", "La Secretaría de Salud firmó un memorando de entendimiento con Pfizer, S.A. de C.V. sobre vacunas en México.",
     {"MX"}, {"pfizer-s-a-de-c-v": "MX"}),
    ("es", "La Secretaría de Salud firmó un memorando de entendimiento con Laboratorios de Biológicos y Reactivos de "
           "México, S.A. de C.V. sobre vacunas.", {"MX"}, {"laboratorios-de-biologicos-y-reactivos-de-mexico-s-a-de-c-v": "MX"}),
    ("fr", "Le ministère de la Santé du Sénégal a signé un accord avec Menarini S.p.A. sur les vaccins.",
     {"SN"}, {"menarini-s-p-a": "IT"}),
    ("en", "Zambia's Ministry of Health signed a memorandum of understanding with Novartis AG on cancer care.",
     {"ZM"}, {}),
    ("ru", "Министерство здравоохранения России подписало соглашение со швейцарской компанией Novartis AG об онкологии.",
     {"RU"}, {"novartis-ag": "CH"}),
    ("uk", "Міністерство охорони здоров'я Молдови підписало меморандум з ТОВ «Фармак» щодо вакцин.",
     {"MD"}, {"farmak": "UA"}),
    ("be", "Міністэрства аховы здароўя Казахстана падпісала пагадненне з ТАА «Фармтэх» аб вакцынах.",
     {"KZ"}, {"farmtekh": "BY"}),
    ("vi", "Bộ Y tế Lào đã ký kết bản ghi nhớ với công ty Pfizer Inc về vắc xin.", {"LA"}, {}),
]


@pytest.mark.parametrize("lang, text, countries, companies", COMPANY_FORMS,
                         ids=[f"{c[0]}-{k}" for k, c in enumerate(COMPANY_FORMS)])
def test_a_company_named_with_its_legal_form_signs_as_itself(lang, text, countries, companies):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    orgs = {o["id"]: o for o in result.record.get("organizations", [])}
    assert {o: orgs[o]["country"] for o in orgs if orgs[o]["kind"] == "company"} == companies
    assert {p["country"] for p in instrument["parties"] if p.get("country")} == countries
    assert {p["organization"] for p in instrument["parties"] if not p.get("country")} == set(companies)
    if not companies:  # a company whose home is not given is named in what is left unknown, not guessed one
        assert any("a company whose country the report does not give" in u for u in instrument.get("unknown", []))
    else:  # a company recorded states its country, as `hdkg validate` asks
        left, other = check_draft(result.record, result.source_id)
        assert not other, other


@pytest.mark.parametrize("lang, text, party", [
    ("uk", "Міністерство охорони здоров'я Молдови підписало меморандум з німецькою мережею реабілітаційних лікарень "
           "«BG Kliniken».", "DE"),
    ("ru", "Министерство здравоохранения Армении подписало меморандум с немецкой сетью реабилитационных клиник "
           "«BG Kliniken».", "DE"),
    ("be", "Міністэрства аховы здароўя Казахстана падпісала мемарандум з нямецкай сеткай рэабілітацыйных клінік "
           "«BG Kliniken».", "DE"),
    ("en", "The Ministry of Health of Moldova signed a memorandum of understanding with the German rehabilitation "
           "clinic BG Kliniken.", "DE"),
    ("es", "El Ministerio de Salud de Chile firmó un memorando de entendimiento con la clínica italiana Humanitas.", "IT"),
    ("fr", "Le ministère de la Santé du Maroc a signé un accord avec la clinique allemande Charité.", "DE"),
])
def test_a_country_adjective_a_word_or_two_before_a_body_is_its_country(lang, text, party):
    """Not a country inferred from the other side: the body's own adjective says whose it is."""
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    parties = {p for i in result.record["instruments"] for p in _party_set(i)}
    assert any(country == party and org for country, org in parties), parties
    assert not any("inferred from the pairing" in r.reason for r in result.review)


# Permitting or authorising a signing approves it; it is no signing.
PERMITTED_SIGNINGS = [
    ("en", "The Minister of Health of Kenya was authorized to sign a memorandum of understanding with Uganda on vaccines."),
    ("ru", "Правительство разрешило подписать соглашение между Россией и Сербией о вакцинах."),
    ("uk", "Уряд дозволив підписати угоду між Україною та Польщею щодо вакцин."),
    ("be", "Урад дазволіў падпісаць пагадненне паміж Беларуссю і Сербіяй аб вакцынах."),
    ("es", "El Gobierno autorizó la firma de un memorando de entendimiento entre Chile y Perú sobre vacunas."),
    ("fr", "Le gouvernement a autorisé la signature d'un accord entre le Maroc et la Tunisie sur les vaccins."),
    ("vi", "Bộ Y tế cho phép ký kết bản ghi nhớ giữa Việt Nam và Lào về vắc xin. Người đại diện ký bản ghi nhớ là "
           "Cục trưởng. Các bên ký kết bản ghi nhớ là Việt Nam và Lào."),
]


@pytest.mark.parametrize("lang, text", PERMITTED_SIGNINGS, ids=[c[0] for c in PERMITTED_SIGNINGS])
def test_a_signing_permitted_is_approved_not_signed(lang, text):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert instrument["status"] == "approved-for-signing"
    assert not instrument.get("signed_date")


# "memorandum" alone does not say the kind: the kind drafted is marked for review, in each language.
BARE_MEMORANDA = [
    ("en", "Peru and Chile signed a memorandum on vaccines.", "Peru and Chile signed a memorandum of understanding on vaccines."),
    ("es", "Perú y Chile firmaron un memorando sobre vacunas.", "Perú y Chile firmaron un memorando de entendimiento sobre vacunas."),
    ("fr", "Le Maroc et la Tunisie ont signé un mémorandum sur les vaccins.",
     "Le Maroc et la Tunisie ont signé un mémorandum d'entente sur les vaccins."),
    ("ru", "Россия и Сербия подписали меморандум о вакцинах.", "Россия и Сербия подписали меморандум о взаимопонимании о вакцинах."),
    ("uk", "Україна та Польща підписали меморандум щодо вакцин.",
     "Україна та Польща підписали меморандум про взаєморозуміння щодо вакцин."),
    ("be", "Беларусь і Сербія падпісалі мемарандум аб вакцынах.",
     "Беларусь і Сербія падпісалі мемарандум аб узаемаразуменні аб вакцынах."),
    ("vi", "Lào và Campuchia đã ký kết bản ghi nhớ về vắc xin.", "Lào và Campuchia đã ký kết bản ghi nhớ hợp tác về vắc xin."),
]


@pytest.mark.parametrize("lang, bare, said", BARE_MEMORANDA, ids=[c[0] for c in BARE_MEMORANDA])
def test_a_memorandum_of_no_stated_kind_is_marked_for_review(lang, bare, said):
    def flagged(text):
        result = draft_text(text)
        assert result.record["source"]["language"] == lang
        return any("says only 'memorandum'" in r.reason for r in result.review)
    assert flagged(bare)
    assert not flagged(said)


@pytest.mark.parametrize("lang", ["en", "ru", "uk", "be", "es", "fr", "vi"])
def test_words_of_the_drafter_are_the_lexicons_in_every_language(lang):
    """determiners, anaphora_all, bare_kinds, title_gap: each language has its entry (Vietnamese
    says 'this' after the word, in its anaphora), not English words read in another language."""
    t = tables(lang)
    assert t.bare_kinds and t.anaphora_all and t.title_gap
    assert t.determiners or lang == "vi"
    if lang != "en":
        assert not t.determiners & {"the", "this", "its"} and "agreements" not in t.anaphora_all


# A sentence about an instrument whose parties were taken from the report's main countries names its
# sides: they are the parties.
SIDES_NAMED_LATER = [
    ("en", "Health leaders of four countries signed a declaration on public health in Yerevan. The document was "
           "signed by the Minister of Health of Armenia Armen Muradyan, Georgia David Sergeenko, Iran Hassan Hashemi "
           "and Russia Veronika Skvortsova.", {"AM", "GE", "IR", "RU"}),
    ("ru", "Руководители здравоохранения четырёх стран подписали декларацию об общественном здравоохранении. "
           "Документ подписали министры здравоохранения Армении Армен Мурадян, Грузии Давид Сергеенко, Ирана Хасан "
           "Хашеми и России Вероника Скворцова.", {"AM", "GE", "IR", "RU"}),
    ("uk", "Керівники охорони здоров'я чотирьох країн підписали декларацію щодо громадського здоров'я. "
           "Документ підписали міністри охорони здоров'я Вірменії Армен Мурадян, Грузії Давид Сергеєнко, Ірану "
           "Хасан Хашемі та Росії Вероніка Скворцова.", {"AM", "GE", "IR", "RU"}),
    ("es", "Los ministros de cuatro países firmaron una declaración sobre salud pública. El documento fue firmado "
           "por los ministros de Salud de Chile, Enrique Paris, Perú, Óscar Ugarte, Bolivia, Jeyson Auza, y "
           "Ecuador, José Ruales.", {"CL", "PE", "BO", "EC"}),
    ("fr", "Les ministres de quatre pays ont signé une déclaration sur la santé publique. Le document a été signé "
           "par le ministre de la Santé du Maroc, Amine Tahraoui, de la Tunisie, Mustapha Ferjani, du Sénégal, "
           "Ibrahima Sy, et du Mali, Assa Badiallo Touré.", {"MA", "TN", "SN", "ML"}),
]


@pytest.mark.parametrize("lang, text, countries", SIDES_NAMED_LATER, ids=[c[0] for c in SIDES_NAMED_LATER])
def test_sides_a_later_sentence_names_replace_those_taken_from_the_main_countries(lang, text, countries):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert {p["country"] for p in instrument["parties"]} == countries
    assert not any("two main countries" in r.reason for r in result.review)


# A body alone in its sentence, without its country ("the minister is authorised to sign it"), is
# not placed as a side by the pairing. (Where the sentence refers back to the instrument, "the
# agreement", the one party without a body takes it: a rule of its own, marked for review.)
BODIES_ALONE = [
    ("ru", "Правительство одобрило соглашение между Украиной и Европейским региональным бюро ВОЗ. "
           "Подписать соглашение уполномочен министр здравоохранения."),
    ("uk", "Уряд схвалив угоду між Україною та Європейським регіональним бюро ВООЗ. "
           "Підписати угоду уповноважено міністра охорони здоров'я."),
]


@pytest.mark.parametrize("lang, text", BODIES_ALONE, ids=[c[0] for c in BODIES_ALONE])
def test_a_body_alone_in_its_sentence_is_not_placed_as_a_side(lang, text):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    parties = {p for i in result.record["instruments"] for p in _party_set(i)}
    assert ("UA", "ua-ministry-of-health") not in parties, parties
    assert ("UA", None) in parties and (None, "who-regional-office-for-europe") in parties, parties


@pytest.mark.parametrize("lang, name", [("ru", "Белоруссии"), ("uk", "Білорусії"), ("es", "Bielorrusia"),
                                        ("fr", "Biélorussie"), ("en", "Byelorussia")])
def test_belarus_by_its_older_names(lang, name):
    assert {m.value.code for m in tables(lang).countries.find(tokens(name, lang))} == {"BY"}


# Concluding an instrument is signing it, in each language.
@pytest.mark.parametrize("lang, text", [
    ("en", "Turkmenistan and the United States concluded a memorandum of understanding on vaccines."),
    ("es", "Chile y Perú concluyeron un memorando de entendimiento sobre vacunas."),
    ("fr", "Le Maroc et la Tunisie ont conclu un accord de coopération sur les vaccins."),
    ("ru", "Россия и Сербия заключили соглашение о сотрудничестве в области вакцин."),
    ("uk", "Україна та Польща уклали угоду про співпрацю щодо вакцин."),
    ("be", "Беларусь і Сербія заключылі пагадненне аб супрацоўніцтве."),
    ("vi", "Lào và Campuchia đã ký kết hiệp định hợp tác về vắc xin."),
])
def test_an_instrument_concluded_is_signed(lang, text):
    result = draft_text(text)
    assert result.record["source"]["language"] == lang
    [instrument] = result.record["instruments"]
    assert instrument["status"] == "signed"


def test_a_vietnamese_name_goes_on_through_its_small_syllables():
    """'Trung ương' (central), 'Đa khoa' (general): syllables in small letters inside a name."""
    result = draft_text("Bệnh viện Trung ương Huế và Bệnh viện Đa khoa Trung ương Cần Thơ đã ký kết bản ghi nhớ hợp tác "
                        "với Bệnh viện St. Mary's Nhật Bản về ung thư.")
    assert result.record["source"]["language"] == "vi"
    names = {o["names"]["vi"] for o in result.record["organizations"] if o["country"] == "VN"}
    assert {"Bệnh viện Trung ương Huế", "Bệnh viện Đa khoa Trung ương Cần Thơ"} <= names, names


def test_a_vietnamese_name_in_small_syllables_goes_on_to_its_country():
    result = draft_text("Bộ Y tế Việt Nam và Bộ Kinh tế tri thức Hàn Quốc đã ký Biên bản ghi nhớ về y tế điện tử.")
    names = {o["country"]: o["names"]["vi"] for o in result.record["organizations"]}
    assert names["KR"] == "Bộ Kinh tế tri thức Hàn Quốc", names
