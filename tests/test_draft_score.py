"""The draft scorer reads a curated record the way the loader and the graph do.

The records here are invented for these tests (ids end in -fixture): small dicts in the record
format, not reports.
"""

from __future__ import annotations

import copy

from benchmarks.draft import main as benchmark
from draft.score import current_status, curated_instruments, score_record

SOURCE = {"id": "fixture-source", "title": "Invented report", "language": "en"}


def _draft(instrument: dict) -> dict:
    return {"source": SOURCE, "instruments": [instrument]}


# A report that attaches to an instrument another file defines: it states the signing step, the
# date and the signatories, nothing about the type or the domains.
UPDATE_ONLY = {
    "source": SOURCE,
    "updates": [{
        "instrument": "am-by-mou-health-fixture",
        "status_history": [{"status": "signed", "date": "2025-04-10"}],
        "signed_date": "2025-04-10",
        "parties": [{"country": "BY", "signatory": "fx-signatory"}, {"country": "AM"}],
        "evidence": [{"quote": "The memorandum was signed.", "lang": "en"}],
    }],
}

SIGNED_DRAFT = {"id": "am-by-mou-health-2025", "type": "memorandum-of-understanding", "status": "signed",
                "signed_date": "2025-04-10", "parties": [{"country": "AM"}, {"country": "BY"}],
                "domains": ["health-cooperation"]}


def test_a_record_that_only_updates_an_instrument_is_scored_on_what_the_update_states():
    gold = curated_instruments(UPDATE_ONLY)
    assert [(g["id"], current_status(g), g["type"]) for g in gold] == [("am-by-mou-health-fixture", "signed", None)]
    right = score_record(_draft(SIGNED_DRAFT), UPDATE_ONLY)
    assert (right.instruments.precision, right.instruments.recall) == (1.0, 1.0)
    assert right.status.value == 1.0 and right.date.value == 1.0
    assert (right.parties.tp, right.parties.drafted, right.parties.gold) == (2, 2, 2)
    # The update states neither the type nor the domains: they are not scored, in either direction.
    assert right.type.total == 0 and right.domains.drafted == right.domains.gold == 0


def test_a_wrong_fact_about_an_updated_instrument_still_counts_against_the_draft():
    approved = {**SIGNED_DRAFT, "status": "approved-for-signing", "signed_date": None}
    wrong = score_record(_draft(approved), UPDATE_ONLY)
    assert wrong.instruments.precision == 1.0 and wrong.status.value == 0.0 and wrong.date.value == 0.0
    assert any("status of am-by-mou-health-fixture" in m for m in wrong.misses)
    other_countries = {**SIGNED_DRAFT, "parties": [{"country": "AM"}, {"country": "GE"}]}
    assert score_record(_draft(other_countries), UPDATE_ONLY).instruments.precision == 0.0
    with_domain = copy.deepcopy(UPDATE_ONLY)
    with_domain["updates"][0]["domains"] = ["oncology"]
    scored = score_record(_draft(SIGNED_DRAFT), with_domain)
    assert (scored.domains.tp, scored.domains.drafted, scored.domains.gold) == (0, 1, 1)


def test_an_update_of_an_instrument_of_the_same_file_adds_its_steps_to_it():
    record = {"source": SOURCE,
              "instruments": [{"id": "am-by-mou-health-fixture", "type": "memorandum-of-understanding",
                               "status": "approved-for-signing", "parties": [{"country": "AM"}, {"country": "BY"}],
                               "domains": ["health-cooperation"]}],
              "updates": [{"instrument": "am-by-mou-health-fixture", "status": "signed",
                           "parties": [{"country": "BY", "signatory": "fx-signatory"}]}]}
    [gold] = curated_instruments(record)
    assert current_status(gold) == "signed"
    assert gold["parties"] == [{"country": "AM"}, {"country": "BY", "signatory": "fx-signatory"}]
    assert record["instruments"][0]["parties"] == [{"country": "AM"}, {"country": "BY"}]  # the record is not changed


def test_the_curated_status_is_the_latest_stage_of_the_status_history():
    steps_only = {"id": "am-by-mou-health-fixture", "type": "memorandum-of-understanding",
                  "status_history": [{"status": "signed", "date": "2025-04-10"},
                                     {"status": "approved-for-signing", "date": "2025-03"}],
                  "parties": [{"country": "AM"}, {"country": "BY"}], "domains": ["health-cooperation"]}
    assert current_status(steps_only) == "signed"
    gold = {"source": SOURCE, "instruments": [steps_only]}
    draft = {**steps_only, "status_history": [], "status": "signed"}
    assert score_record(_draft(draft), gold).status.value == 1.0
    assert score_record(_draft({**draft, "status": "approved-for-signing"}), gold).status.value == 0.0
    # `status` is one more, undated step: a later stage in the history still wins over it.
    assert current_status({"status": "approved-for-signing", "status_history": [{"status": "ratified"}]}) == "ratified"
    assert current_status({"status": "proposed"}) == "proposed"
    assert current_status({}) is None


def test_which_curated_instrument_a_draft_is_held_against_does_not_depend_on_their_order():
    parties = [{"country": "AM"}, {"country": "BY"}]
    statement = {"id": "am-by-joint-statement-fixture", "type": "joint-statement", "status": "adopted",
                 "parties": parties, "domains": ["health-cooperation"]}
    memorandum = {"id": "am-by-mou-health-fixture", "type": "memorandum-of-understanding", "status": "signed",
                  "parties": parties, "domains": ["health-cooperation"]}
    drafted = {"source": SOURCE, "instruments": [{**memorandum, "id": "am-by-mou-health"}]}
    for order in ([statement, memorandum], [memorandum, statement]):
        scored = score_record(drafted, {"source": SOURCE, "instruments": order})
        assert (scored.instruments.tp, scored.type.value, scored.status.value) == (1, 1.0, 1.0)
        assert "not found: am-by-joint-statement-fixture" in scored.misses


def test_the_benchmark_prints_the_held_out_split_alone(capsys):
    assert benchmark(["--split", "held-out", "--seconds", "0.1"]) == 0
    printed = capsys.readouterr().out
    assert "held-out reports" in printed and "tuned on" not in printed
