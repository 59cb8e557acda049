"""Several reports of one node or relationship: lists are the union of what they state, a scalar
two of them state differently is refused, and no report erases or rewrites what another stated."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j

from graph.model import BY_SOURCE
from graph.writer import prune_unsupported, retract_source
from loaders.load import run_load
from tests.conftest import RECORDS_DIR, _clear, curated_files, fingerprint
from tests.test_records import VALID

ORG = "aa-ministry-of-health"


def _report(source: str, aliases: str = "", extra: str = "", title: str = "Minister of Health") -> str:
    """VALID as another report: its own source and quote, the ministry with these aliases."""
    text = (VALID.replace("id: example-report", f"id: {source}")
            .replace('"The memorandum was signed."', f'"{source} says the memorandum was signed."')
            .replace("title: Minister of Health", f"title: {title}"))
    return text.replace("    country: AZ\n", "    country: AZ\n" + aliases + extra, 1)


A = _report("report-a", aliases="    aliases: [Health Ministry, {name: Səhiyyə Nazirliyi, lang: az}]\n",
            extra="    wikidata: Q4330425\n")
B = _report("report-b", aliases="    aliases: [MoH Azerbaijan, Health Ministry]\n")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def _ministry(driver: neo4j.Driver) -> dict:
    records, _, _ = driver.execute_query("MATCH (o:Organization {id: $id}) RETURN properties(o) AS p", id=ORG)
    return records[0]["p"]


def _load(driver: neo4j.Driver, database: str, *paths: Path, **options):
    report = run_load(driver, database, list(paths), **options)
    assert report.ok, [str(p) for p in report.all_problems()]
    return report


def _canonical(driver: neo4j.Driver) -> str:
    """The graph's stated facts with each `sources` list as a set (its order follows the load
    order); the SIGNED edges the loader derives are left out, as a bare retraction does not
    derive them again."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:LoadRun AND NOT n:GraphVersion AND n.sources IS NOT NULL "
        "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) WHERE r.sources IS NOT NULL AND r.derived IS NULL RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props")
    lines = []
    for record in [*nodes, *rels]:
        props = dict(record["props"])
        props["sources"] = sorted(props["sources"])
        lines.append(json.dumps([*record.values()[:-1], props], sort_keys=True, default=str))
    return "\n".join(sorted(lines))


def test_lists_are_the_union_of_their_sources_in_either_load_order(empty_graph, settings, tmp_path):
    database = settings.neo4j_database
    a, b = _write(tmp_path / "x", "a.yaml", A), _write(tmp_path / "x", "b.yaml", B)
    _load(empty_graph, database, a)
    _load(empty_graph, database, b)
    first = _ministry(empty_graph)
    # Every alias either report states, each once, in source order; languages stay beside their names.
    assert first["aliases"] == ["Health Ministry", "Səhiyyə Nazirliyi", "MoH Azerbaijan"]
    assert first["aliases_languages"] == ["", "az", ""]
    assert first["wikidata"] == "Q4330425"  # B leaves it out: that erases nothing
    assert sorted(first["sources"]) == ["report-a", "report-b"]
    one_order = _canonical(empty_graph)

    _clear(empty_graph, settings)
    _load(empty_graph, database, b)
    _load(empty_graph, database, a)
    assert _canonical(empty_graph) == one_order
    _clear(empty_graph, settings)
    _load(empty_graph, database, a, b)  # one run
    assert _canonical(empty_graph) == one_order


def _alone(driver: neo4j.Driver, settings, path: Path) -> str:
    _clear(driver, settings)
    _load(driver, settings.neo4j_database, path)
    return _canonical(driver)


def test_retracting_a_source_leaves_exactly_what_the_others_state(empty_graph, settings, tmp_path):
    database = settings.neo4j_database
    a, b = _write(tmp_path / "a", "a.yaml", A), _write(tmp_path / "b", "b.yaml", B)
    only_b = _alone(empty_graph, settings, b)
    only_a = _alone(empty_graph, settings, a)

    # A, then B; B's file then states nothing about the ministry's names: A's stay exactly.
    _load(empty_graph, database, b)
    b.write_text(_report("report-b"))
    _load(empty_graph, database, b)
    ministry = _ministry(empty_graph)
    assert ministry["aliases"] == ["Health Ministry", "Səhiyyə Nazirliyi"]
    assert ministry["aliases_languages"] == ["", "az"]
    b.write_text(B)
    _load(empty_graph, database, b)

    # Retract A (its support withdrawn, then the prune): B's graph, as if A had never been loaded.
    with empty_graph.session(database=database) as session:
        def retract(tx: neo4j.ManagedTransaction) -> None:
            prune_unsupported(tx, retract_source(tx, "report-a"))
            tx.run("MATCH (s:Source {id: 'report-a'}) DETACH DELETE s").consume()
        session.execute_write(retract)
    ministry = _ministry(empty_graph)
    assert ministry["aliases"] == ["MoH Azerbaijan", "Health Ministry"] and "aliases_languages" not in ministry
    assert "wikidata" not in ministry  # only A stated it: no fact without a source is left
    assert BY_SOURCE not in ministry
    assert _canonical(empty_graph) == only_b

    # A rewritten to say nothing of the ministry's names and identifier: B's stay, A's go.
    _alone(empty_graph, settings, a)
    _load(empty_graph, database, b)
    a.write_text(_report("report-a"))
    _load(empty_graph, database, a)
    ministry = _ministry(empty_graph)
    assert ministry["aliases"] == ["MoH Azerbaijan", "Health Ministry"] and "wikidata" not in ministry
    assert only_a != only_b


def test_a_file_that_drops_a_field_drops_it_from_the_graph(empty_graph, settings, tmp_path):
    """A node only one report states holds exactly what that report says now."""
    database = settings.neo4j_database
    a = _write(tmp_path, "a.yaml", A)
    _load(empty_graph, database, a)
    assert _ministry(empty_graph)["wikidata"] == "Q4330425"
    a.write_text(A.replace("    wikidata: Q4330425\n", ""))
    _load(empty_graph, database, a)
    assert "wikidata" not in _ministry(empty_graph)


# C states the ministry's Wikidata item and the minister's title otherwise than A.
C = _report("report-c", extra="    wikidata: Q1000\n", title="Health Minister")


def _problems(report) -> list:
    return [p for f in report.files if f.status == "failed" for p in f.problems]


def test_a_scalar_two_files_of_one_load_state_differently_is_refused(empty_graph, settings, tmp_path):
    database = settings.neo4j_database
    folder = tmp_path / "records"
    _write(folder, "a.yaml", A), _write(folder, "b.yaml", B), _write(folder, "c.yaml", C)
    report = run_load(empty_graph, database, [folder])
    assert {Path(f.path).name: f.status for f in report.files} == {"a.yaml": "loaded", "b.yaml": "loaded",
                                                                  "c.yaml": "failed"}
    problems = _problems(report)
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"wikidata", "roles[0].title"}, [str(p) for p in problems]
    wikidata = by_field["wikidata"]
    assert wikidata.file.endswith("c.yaml") and wikidata.record == f"organizations[0] '{ORG}'"
    assert "'Q1000'" in wikidata.message and "'Q4330425'" in wikidata.message
    assert "a.yaml" in wikidata.message and "report-a" in wikidata.message
    assert "leave the field out" in wikidata.message
    title = by_field["roles[0].title"]
    assert "'Health Minister'" in title.message and "'Minister of Health'" in title.message
    # What A stated stands.
    assert _ministry(empty_graph)["wikidata"] == "Q4330425"


def test_a_scalar_the_graph_holds_from_another_source_is_refused(empty_graph, settings, tmp_path):
    database = settings.neo4j_database
    a = _write(tmp_path / "a", "a.yaml", A)
    _load(empty_graph, database, a)
    before = _canonical(empty_graph)
    c = _write(tmp_path / "c", "c.yaml", C)
    b = _write(tmp_path / "b", "b.yaml", B)
    report = run_load(empty_graph, database, [b, c])
    assert {Path(f.path).name: f.status for f in report.files} == {"b.yaml": "loaded", "c.yaml": "failed"}
    by_field = {p.field: p for p in _problems(report)}
    assert set(by_field) == {"wikidata", "roles[0].title"}
    message = by_field["wikidata"].message
    assert "'Q1000'" in message and "'Q4330425'" in message and "in the graph" in message
    assert "source 'report-a'" in message and str(a) in message
    assert _ministry(empty_graph)["wikidata"] == "Q4330425"
    # Loaded with A and B corrected to agree, C is no longer in conflict.
    a.write_text(A.replace("Q4330425", "Q1000").replace("title: Minister of Health", "title: Health Minister"))
    b.write_text(B.replace("title: Minister of Health", "title: Health Minister"))
    _load(empty_graph, database, a, b, c)
    assert _ministry(empty_graph)["wikidata"] == "Q1000"
    assert before != _canonical(empty_graph)


def test_a_forced_reload_of_the_curated_records_in_another_order_changes_nothing(empty_graph, settings, tmp_path):
    database = settings.neo4j_database
    _load(empty_graph, database, RECORDS_DIR)
    # Each forced file takes its place last in `sources` lists, so those are compared as sets.
    before = fingerprint(empty_graph)[0], _canonical(empty_graph)
    files = curated_files()
    # Each file again, forced, interleaved (every other file, then the rest), so most files are
    # restated both before and after files they share nodes with: every shared node is restated
    # from the others' statements and its own, and ends as it was. (One forced run of all files
    # in load order is test_loader's.)
    for path in files[1::2] + files[::2]:
        report = _load(empty_graph, database, path, force=True)
        assert sum(report.stats.created.values()) == 0 and sum(report.stats.updated.values()) == 0, path
    assert (fingerprint(empty_graph)[0], _canonical(empty_graph)) == before
    shared = empty_graph.execute_query(f"MATCH (n) WHERE n.{BY_SOURCE} IS NOT NULL RETURN count(n) AS n").records
    assert shared[0]["n"] > 0  # the curated records do share nodes
