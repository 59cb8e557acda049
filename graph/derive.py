"""Facts about an instrument that no single report states, derived from all of them.

Run in the transaction that writes a record file, for every instrument the file states or stated
before (so a rewrite or a retraction re-derives what it touched):

- `status`: the latest stage any report gives (the vocabulary's `hd:lifecycleStage` order); the
  steps themselves stay as StatusChange nodes, each with its date, actor and sources.
- `party_count`, `party_countries` (countries of its state parties), `multilateral`, over the
  parties with role `party` (a witness or an observer is none of them); on each
  Party, `state`: true when a state is the party (itself or through a state body).
- `(:Country)-[:SIGNED]->(:Instrument)` and `(:Organization)-[:SIGNED]->(:Instrument)`, written
  only for a party (role `party`) to which a signing step applies: a step with no actor applies to
  every party, one with an actor to that party alone. A state signs when it is the party itself
  or signs through one of its state bodies (`hd:stateBody` kinds: a ministry, an embassy); a
  company, a hospital or a forum signs as itself, and its country does not. Each SIGNED edge's
  `sources` are the reports behind the party and the step, and it is marked `derived`.

Labels and types come from graph.model; the vocabulary facts arrive as parameters
(`loaders.vocab.Lifecycle.as_params`), so this room reads no ontology file itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import neo4j

from graph.model import Label, Rel

_I, _P, _S, _C, _O = Label.INSTRUMENT, Label.PARTY, Label.STATUS_CHANGE, Label.COUNTRY, Label.ORGANIZATION

_STATUS_AND_PARTIES = f"""
UNWIND $ids AS id
MATCH (i:{_I} {{id: id}})
CALL (i) {{
  OPTIONAL MATCH (i)-[:{Rel.HAS_STATUS_CHANGE}]->(e:{_S})
  WITH e ORDER BY coalesce($stages[e.status], -1) DESC, coalesce(e.date, '') DESC
  RETURN head(collect(e.status)) AS status
}}
CALL (i) {{
  OPTIONAL MATCH (i)-[:{Rel.HAS_PARTY}]->(p:{_P}) WHERE coalesce(p.role, 'party') = 'party'
  RETURN count(p) AS party_count
}}
CALL (i) {{
  OPTIONAL MATCH (i)-[:{Rel.HAS_PARTY}]->(p:{_P})-[:{Rel.PARTY_COUNTRY}]->(c:{_C})
    WHERE coalesce(p.role, 'party') = 'party'
  OPTIONAL MATCH (p)-[:{Rel.PARTY_ORGANIZATION}]->(o:{_O})
  WITH c, o WHERE c IS NOT NULL AND (o IS NULL OR o.kind IN $state_kinds)
  WITH DISTINCT c.id AS code ORDER BY code
  RETURN collect(code) AS state_countries
}}
SET i.status = coalesce(status, i.status), i.party_count = party_count,
    i.party_countries = CASE WHEN state_countries = [] THEN null ELSE state_countries END,
    i.multilateral = size(state_countries) > 2
"""

_PARTY_STATE = f"""
UNWIND $ids AS id
MATCH (:{_I} {{id: id}})-[:{Rel.HAS_PARTY}]->(p:{_P})
OPTIONAL MATCH (p)-[:{Rel.PARTY_COUNTRY}]->(c:{_C})
OPTIONAL MATCH (p)-[:{Rel.PARTY_ORGANIZATION}]->(o:{_O})
SET p.state = c IS NOT NULL AND (o IS NULL OR o.kind IN $state_kinds)
"""

_SIGNERS = f"""
UNWIND $ids AS id
MATCH (i:{_I} {{id: id}})
OPTIONAL MATCH (i)-[:{Rel.HAS_PARTY}]->(p:{_P}) WHERE coalesce(p.role, 'party') = 'party'
OPTIONAL MATCH (p)-[:{Rel.PARTY_COUNTRY}]->(c:{_C})
OPTIONAL MATCH (p)-[:{Rel.PARTY_ORGANIZATION}]->(o:{_O})
OPTIONAL MATCH (i)-[:{Rel.HAS_STATUS_CHANGE}]->(e:{_S})
  WHERE e.status IN $signing AND (e.actor IS NULL OR e.actor = c.id OR e.actor = o.id)
OPTIONAL MATCH (person)-[:{Rel.SIGNED_FOR}]->(p)
WITH i, p, c, o, collect(DISTINCT e) AS steps, collect(DISTINCT person.id) AS signatories
WITH i, p, c, o, signatories, steps,
     reduce(acc = coalesce(p.sources, []), e IN steps |
            acc + [s IN coalesce(e.sources, []) WHERE NOT s IN acc]) AS support
WITH i, collect(CASE WHEN size(steps) > 0 AND c IS NOT NULL AND (o IS NULL OR o.kind IN $state_kinds)
                     THEN {{node: c, sources: support}} END)
      + collect(CASE WHEN size(steps) > 0 AND o IS NOT NULL
                     THEN {{node: o, sources: support, country: c.id, signatory: head(signatories)}} END) AS wanted
CALL (i, wanted) {{
  OPTIONAL MATCH (x)-[r:{Rel.SIGNED}]->(i)
  WITH r, x WHERE r IS NOT NULL AND NOT x IN [w IN wanted | w.node]
  DELETE r
}}
CALL (i, wanted) {{
  UNWIND wanted AS w
  WITH i, w.node AS signer, w
  WITH i, signer, collect(w) AS ws
  WITH i, signer, ws[0] AS first,
       reduce(acc = [], w IN ws | acc + [s IN w.sources WHERE NOT s IN acc]) AS sources
  MERGE (signer)-[r:{Rel.SIGNED}]->(i)
  SET r.sources = sources, r.derived = true, r.country = first.country, r.signatory = first.signatory
}}
"""


def derive_instruments(tx: neo4j.ManagedTransaction, ids: Iterable[str], lifecycle: Mapping[str, Any]) -> None:
    """Re-derive status, party summary and SIGNED edges of these instruments (missing ids are skipped)."""
    ids = sorted(set(ids))
    if not ids:
        return
    params = {"ids": ids, "stages": dict(lifecycle["stages"]), "state_kinds": list(lifecycle["state_kinds"]),
              "signing": list(lifecycle["signing"])}
    tx.run(_PARTY_STATE, params).consume()
    tx.run(_STATUS_AND_PARTIES, params).consume()
    tx.run(_SIGNERS, params).consume()
