"""Tenancy in server mode: the API access matrix (tests/test_api_access.py), unchanged, on Neo4j.

The same test functions run here against an app whose store is the session's Bolt server
(LEARNLOOP_GRAPH=neo4j), so every read path is checked for leaks on this backend too.
"""
from __future__ import annotations

import pytest

from tests import neo4j_server
from tests.factories import review_fixture
from tests.test_api_access import (  # noqa: F401 - collected here again, with this module's `world`
    SECRETS,
    TOKENS,
    auth,
    make_app,
    secret_doc,
    services,
    test_a_tenant_filter_narrows_but_never_widens,
    test_entities_of_unreadable_documents_answer_404_and_readable_ones_200,
    test_lists_exports_and_measures_hold_exactly_the_readable_facts,
    test_no_marker_of_an_unreadable_document_appears_anywhere,
    test_reads_of_restricted_material_are_audited,
    test_search_counts_facets_and_suggestions_only_count_readable_passages,
    test_shared_entity_shows_only_what_readable_documents_say,
    write,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    server = neo4j_server.require_server()
    server.fresh_store().close()  # an empty graph for this module
    with pytest.MonkeyPatch.context() as mp:
        for key, value in server.env().items():
            mp.setenv(key, value)
        app = make_app(tmp_path_factory.mktemp("access-neo4j"))
        assert type(services(app).store).__name__ == "Neo4jStore"
        write(app, review_fixture("bbscp"))
        for tenant, vis, marker in SECRETS:
            write(app, secret_doc(tenant, vis, marker))
        if services(app).search is None:
            pytest.fail(f"search is unavailable: {services(app).search_error}")
        headers = {(r, t): auth(app, r, t) for r, t in TOKENS}
        yield app, headers
        services(app).close()
        server.after_driver_close()
