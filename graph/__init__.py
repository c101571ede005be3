"""The knowledge graph: model as data, store of record, domain queries."""
