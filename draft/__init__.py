"""Draft records from raw news reports, for a curator to review (`hdkg draft`).

Reading (draft.source) -> matching cues in sentences (draft.lexicon) -> facts with the sentence
each came from (draft.extract) -> ids of what the graph already holds (draft.linking) -> the
record format (draft.emit, the only module that knows it).
"""
