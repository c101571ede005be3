"""Full-text search of passages: a view of the store, one index per tenant, two engines.

The rest of learnloop uses search.service (open_search(config) -> SearchService);
the query language is in search.query, the engine interface in search.base.
"""
