"""The OpenAPI 3.1 document at /api/openapi.json.

Written by hand next to the views it describes and kept true by tests: every
/api/v1 rule must appear here (tests/test_api_openapi.py), and schemathesis checks
real responses against these schemas.
"""
from __future__ import annotations

from copy import deepcopy
from typing import Any

from flask import Blueprint, jsonify

from graph.access import ROLES, VISIBILITIES
from graph.queries import STATUSES

bp = Blueprint("openapi", __name__)

PREFIX = "/api/v1"
JSON = "application/json"
PROBLEM = "application/problem+json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(t: str) -> dict[str, Any]:
    return {"type": [t, "null"]}


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required if required is not None else list(props)}


def _arr(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STR, INT, BOOL, NUM, ANY, OBJ = ({"type": "string"}, {"type": "integer"}, {"type": "boolean"},
                                 {"type": "number"}, {}, {"type": "object"})

BRIEF = {"id": STR, "type": STR, "name": STR, "tenant": STR}
QUOTE = _obj({"doc_id": STR, "passage_id": _nullable("string"), "quote": STR, "page": _nullable("integer"),
              "start": _nullable("integer"), "end": _nullable("integer")})
SUMMARY = {"recommendations": INT, "recommendations_with_action": INT, "actions": INT, "actions_done": INT,
           "actions_done_with_evidence": INT, "actions_done_without_evidence": INT, "actions_overdue": INT,
           "median_days_to_completion": _nullable("number"), "completions_timed": INT}
RECUR_REVIEW = _obj({"id": STR, "name": STR, "tenant": STR, "year": _nullable("integer")})
RECUR = {"review_count": INT, "reviews": _arr(RECUR_REVIEW), "years": _arr(INT), "tenants": _arr(STR)}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object", "description": "RFC 9457 problem details",
        "properties": {"type": STR, "title": STR, "status": INT, "detail": STR, "instance": STR,
                       "request_id": STR},
        "required": ["type", "title", "status"],
    },
    "Brief": _obj(BRIEF),
    "Quote": QUOTE,
    "ProvenanceQuote": _obj({**QUOTE["properties"], "extractor": STR, "confidence": NUM}),
    "Entity": _obj({**BRIEF, "aliases": _arr(STR), "attrs": OBJ}),
    "Neighbour": _obj({"direction": {"type": "string", "enum": ["in", "out"]}, "edge_type": STR,
                       "edge_attrs": OBJ, "entity": _obj({**BRIEF, "attrs": OBJ}),
                       "quotes": _arr(_ref("ProvenanceQuote"))}),
    "EntityDetail": _obj({**BRIEF, "aliases": _arr(STR), "attrs": OBJ, "quotes": _arr(_ref("ProvenanceQuote")),
                          "neighbours": _arr(_ref("Neighbour"))}),
    "EntityPage": _obj({"items": _arr(_ref("Entity")), "total": INT, "next_cursor": _nullable("string")}),
    "Evidence": _obj({"id": _nullable("string"), "type": STR, "name": STR, "tenant": STR, "attrs": OBJ}),
    "Action": _obj({**BRIEF, "status": STR, "owner": ANY, "due": ANY, "attrs": OBJ,
                    "owners": _arr(_ref("Brief")), "evidence": _arr(_ref("Evidence")),
                    "themes": _arr(_ref("Brief")), "reviews": _arr(_ref("Brief")),
                    "recommendations": _arr(_ref("Brief")), "quotes": _arr(_ref("Quote")),
                    "overdue": BOOL, "has_evidence": BOOL}),
    "ActionPage": _obj({"items": _arr(_ref("Action")), "total": INT, "next_cursor": _nullable("string"),
                        "counts": {"type": "object", "additionalProperties": INT}, "overdue": INT,
                        "without_evidence": INT}),
    "ActionUpdate": {
        "type": "object", "minProperties": 1, "additionalProperties": False,
        "properties": {"status": {"type": "string", "enum": list(STATUSES)},
                       "owner": {"type": "string", "minLength": 1, "maxLength": 200},
                       "due": {"type": "string", "description": "YYYY-MM-DD, YYYY-MM, YYYY or 'March 2025'",
                               "example": "2025-03-31"},
                       "evidence_note": {"type": "string", "minLength": 1, "maxLength": 2000},
                       "evidence_link": {"type": "string", "format": "uri", "example": "https://example.org/report"}},
    },
    "Event": _obj({"id": INT, "fact_id": STR, "ts": STR, "actor": STR, "changes": OBJ, "before": OBJ, "after": OBJ}),
    "ActionUpdated": _obj({"action": _ref("Action"), "event": {"oneOf": [_ref("Event"), {"type": "null"}]},
                           "changed": BOOL}),
    "History": _obj({"action_id": STR, "items": _arr(_ref("Event"))}),
    "Trace": _obj({**BRIEF, "attrs": OBJ, "aliases": _arr(STR), "quotes": _arr(_ref("Quote")),
                   "findings": _arr(_obj({**BRIEF, "quotes": _arr(_ref("Quote"))})),
                   "recommendations": _arr(_obj({**BRIEF, "quotes": _arr(_ref("Quote")), "actions": _arr(STR)})),
                   "actions": _arr({"allOf": [_ref("Action"), _obj({"answers": _arr(STR)})]}),
                   "themes": _arr(_ref("Brief")), "commissioned_by": _arr(_ref("Brief")),
                   "led_by": _arr(_ref("Brief")), "monitored_by": _arr(_ref("Brief"))}),
    "Structure": _obj({"tenants": {"type": ["array", "null"], "items": STR},
                       "nodes": _arr(_obj({**BRIEF, "frequency": ANY, "kind": ANY, "chair": _nullable("string")})),
                       "edges": _arr(_obj({"src": STR, "dst": STR, "type": STR}))}),
    "Document": _obj({"id": STR, "tenant": STR, "title": STR, "kind": STR,
                      "visibility": {"type": "string", "enum": list(VISIBILITIES)}, "date": _nullable("string"),
                      "source": STR, "content_hash": STR, "meta": OBJ}),
    "Passage": _obj({"id": STR, "doc_id": STR, "tenant": STR, "seq": INT, "text": STR, "section": STR, "kind": STR,
                     "page": _nullable("integer"), "start": INT, "end": INT}),
    "DocumentDetail": {"allOf": [_ref("Document"), {"type": "object",
                                                    "properties": {"passages": _arr(_ref("Passage"))}}]},
    "DocumentPage": _obj({"items": _arr(_ref("Document")), "total": INT, "next_cursor": _nullable("string")}),
    "IngestResult": _obj({"doc_id": STR, "status": {"type": "string", "enum": ["ok", "skipped"]},
                          "passages": INT, "entities": INT, "relations": INT, "document": _ref("Document"),
                          "warnings": _arr(STR), "replaced": BOOL},
                         ["doc_id", "status", "passages", "entities", "relations", "warnings", "replaced"]),
    "RetractResult": _obj({"doc_id": STR, "facts_removed": INT, "facts_kept": INT}),
    "ExportProvenance": _obj({"doc": STR, "passage": _nullable("string"), "start": _nullable("integer"),
                              "end": _nullable("integer"), "quote": STR, "extractor": STR, "confidence": NUM,
                              "page": _nullable("integer")}),
    "Export": _obj({"entities": _arr(_obj({**BRIEF, "aliases": _arr(STR), "attrs": OBJ,
                                           "provenance": _arr(_ref("ExportProvenance"))})),
                    "relations": _arr(_obj({"src": STR, "type": STR, "dst": STR, "tenant": STR, "attrs": OBJ,
                                            "provenance": _arr(_ref("ExportProvenance"))}))}),
    "Hit": _obj({"passage_id": STR, "doc_id": STR, "title": STR, "tenant": STR, "kind": STR,
                 "year": _nullable("integer"), "section": STR, "page": _nullable("integer"), "snippet_html": STR,
                 "score": NUM, "entities": _arr(OBJ), "visibility": STR, "seq": INT}),
    "SearchResults": _obj({"query": STR, "total": INT, "offset": INT, "next_cursor": _nullable("string"),
                           "hits": _arr(_ref("Hit")),
                           "facets": {"type": "object", "additionalProperties": _arr(
                               _obj({"value": {"type": ["string", "integer"]}, "count": INT}))},
                           "suggestions": _arr(STR)}),
    "ReviewMeasures": _obj({"review": _obj({"id": STR, "name": STR, "tenant": STR}),
                            "sign_off": _nullable("string"), **SUMMARY}),
    "PartnershipMeasures": _obj({"tenant": STR, "reviews": INT, **SUMMARY, "actions_outside_reviews": INT}),
    "Measures": _obj({"reviews": _arr(_ref("ReviewMeasures")), "partnerships": _arr(_ref("PartnershipMeasures"))}),
    "Recurring": _obj({"min_reviews": INT,
                       "themes": _arr(_obj({"theme": STR, "theme_ids": _arr(STR), **RECUR})),
                       "findings": _arr(_obj({"finding": STR, "findings": _arr(_obj({"id": STR, "name": STR,
                                                                                       "review": STR})),
                                              **RECUR}))}),
    "Me": _obj({"token_id": STR, "name": STR, "tenant": STR, "role": {"type": "string", "enum": list(ROLES)},
                "readable_tenants": _arr(STR), "may_update_actions": BOOL, "is_admin": BOOL}),
    "Tenant": _obj({"name": STR, "title": STR, "created": STR}),
    "Tenants": _obj({"items": _arr(_ref("Tenant"))}),
    "Token": _obj({"id": STR, "name": STR, "tenant": STR, "role": STR, "created": STR,
                   "expires": _nullable("string"), "revoked": _nullable("string"), "active": BOOL}),
    "Tokens": _obj({"items": _arr(_ref("Token"))}),
    "TokenCreate": {"type": "object", "required": ["tenant", "role"], "additionalProperties": False,
                    "properties": {"tenant": {"type": "string", "example": "bbscp"},
                                   "role": {"type": "string", "enum": list(ROLES)},
                                   "name": {"type": "string", "maxLength": 200},
                                   "expires_days": {"type": "number", "exclusiveMinimum": 0, "maximum": 3650}}},
    "TokenCreated": {"allOf": [_ref("Token"), _obj({"secret": STR})]},
    "AuditRecord": _obj({"id": INT, "ts": STR, "actor": STR, "token_id": _nullable("string"),
                         "tenant": _nullable("string"), "role": _nullable("string"), "action": STR,
                         "target": STR, "before": ANY, "after": ANY}),
    "AuditPage": _obj({"items": _arr(_ref("AuditRecord")), "total": INT, "limit": INT, "offset": INT}),
}


def _param(name: str, where: str = "query", schema: dict[str, Any] | None = None, description: str = "",
           required: bool = False, example: Any = None) -> dict[str, Any]:
    p: dict[str, Any] = {"name": name, "in": where, "required": required or where == "path",
                         "schema": schema or STR}
    if description:
        p["description"] = description
    if example is not None:
        p["example"] = example
    return p


TENANT = _param("tenant", description="narrow to these tenants (comma separated or repeated); never widens "
                                      "what the token may read", example="bbscp")
CURSOR = _param("cursor", description="next_cursor of the previous page")


def _limit(default: int, hi: int) -> dict[str, Any]:
    return _param("limit", schema={"type": "integer", "minimum": 1, "maximum": hi, "default": default})


BOOLEAN = {"type": "string", "enum": ["true", "false"]}
ERRORS = {400: "Bad request (the detail says which parameter and why)",
          401: "No valid token (missing, unknown, expired or revoked)",
          403: "The token's role may not do this",
          404: "Not found, or not visible to this token (the two look the same)",
          413: "Upload larger than the limit", 415: "File type not accepted",
          422: "The file could not be ingested", 429: "Rate limit reached (see Retry-After)",
          503: "A service (search, ingest) is unavailable", 409: "Conflict with the stored state"}


def _op(summary: str, schema: str | None, params: list[dict[str, Any]] | None = None, errors=(400, 401, 404, 429),
        status: int = 200, body: dict[str, Any] | None = None, tag: str = "", media: str = JSON,
        extra: dict[int, str] | None = None) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    if schema is not None:
        responses[str(status)] = {"description": "OK", "content": {media: {"schema": _ref(schema)}}}
    for code, text in (extra or {}).items():
        responses[str(code)] = {"description": text, "content": {JSON: {"schema": _ref(schema)}}} if schema \
            else {"description": text}
    for code in errors:
        responses[str(code)] = {"description": ERRORS[code], "content": {PROBLEM: {"schema": _ref("Problem")}}}
    op: dict[str, Any] = {"summary": summary, "tags": [tag] if tag else [], "parameters": params or [],
                          "responses": responses, "security": [{"bearer": []}]}
    if body is not None:
        op["requestBody"] = body
    return op


def _path_id(name: str, example: str, description: str) -> dict[str, Any]:
    return _param(name, "path", {"type": "string", "minLength": 1}, description, example=example)


ENTITY_ID = _path_id("entity_id", "review:bbscp:child-a", "entity id (may contain ':' and '/')")
REVIEW_ID = _path_id("review_id", "review:bbscp:child-a", "review id")
ACTION_ID = _path_id("action_id", "action:bbscp:neglect-toolkit", "action id")
DOC_ID = _path_id("doc_id", "bbscp/child-a-review", "document id (tenant/slug)")
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file", "tenant"],
    "properties": {"file": {"type": "string", "format": "binary"}, "tenant": STR,
                   "visibility": {"type": "string", "enum": list(VISIBILITIES)}, "kind": STR, "title": STR,
                   "date": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}}}}}}
PLAN_UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "CSV or XLSX action plan"},
                   "visibility": {"type": "string", "enum": list(VISIBILITIES)}}}}}}


def _paths() -> dict[str, Any]:
    p = PREFIX
    plan = _op("Import a review's action plan (CSV/XLSX); a re-upload replaces the same plan", "IngestResult",
               [REVIEW_ID], (400, 401, 403, 404, 413, 415, 422, 429, 503), 200, PLAN_UPLOAD, "reviews",
               extra={201: "Imported for the first time"})
    return {
        f"{p}/me": {"get": _op("The calling token: role, tenant, readable tenants", "Me", [], (401, 429),
                               tag="account")},
        f"{p}/tenants": {"get": _op("Known tenants", "Tenants", [], (401, 429), tag="account")},
        f"{p}/tokens": {
            "get": _op("List tokens (admin)", "Tokens", [], (401, 403, 429), tag="account"),
            "post": _op("Create a token (admin); the secret is returned once", "TokenCreated", [],
                        (400, 401, 403, 429), 201,
                        {"required": True, "content": {JSON: {"schema": _ref("TokenCreate")}}}, "account"),
        },
        f"{p}/tokens/{{token_id}}": {"delete": _op("Revoke a token (admin)", "Token",
                                                   [_param("token_id", "path", {"type": "string"})],
                                                   (401, 403, 404, 429), tag="account")},
        f"{p}/audit": {"get": _op("The audit log, newest first (admin)", "AuditPage",
                                  [_param("limit", schema={"type": "integer", "minimum": 1, "maximum": 1000}),
                                   _param("offset", schema={"type": "integer", "minimum": 0})],
                                  (400, 401, 403, 429), tag="account")},
        f"{p}/search": {"get": _op(
            "Search passages the token may read", "SearchResults",
            [_param("q", schema={"type": "string", "minLength": 1, "maxLength": 1000}, required=True,
                    description="query: words, \"phrases\", AND/OR/NOT, field filters (theme:, kind:, year:, "
                                "tenant:, review:, agency:, entity:)", example="neglect"),
             TENANT, _limit(10, 100), CURSOR, _param("facets", schema=BOOLEAN)],
            (400, 401, 429, 503), tag="search")},
        f"{p}/entities": {"get": _op(
            "Entities, filtered by type, tenant and name (keyset pages)", "EntityPage",
            [_param("type", example="Review"), TENANT, _param("name", description="part of the name or an alias"),
             _limit(50, 200), CURSOR], (400, 401, 429), tag="entities")},
        f"{p}/entities/{{entity_id}}": {"get": _op("One entity with its provenance quotes and neighbours",
                                                   "EntityDetail", [ENTITY_ID], tag="entities")},
        f"{p}/reviews/{{review_id}}/trace": {"get": _op(
            "Review -> findings, recommendations -> actions -> owners, evidence, status, themes", "Trace",
            [REVIEW_ID], tag="reviews")},
        f"{p}/reviews/{{review_id}}/measures": {"get": _op("Learning-loop measures of one review",
                                                           "ReviewMeasures", [REVIEW_ID], tag="reviews")},
        f"{p}/reviews/{{review_id}}/action-plan": {"post": plan, "put": deepcopy(plan)},
        f"{p}/actions": {"get": _op(
            "Follow-through: actions with status, owner, due, overdue and evidence (keyset pages)", "ActionPage",
            [_param("status", schema={"type": "string", "enum": list(STATUSES)}), _param("owner"),
             _param("review", description="review id"), _param("theme", description="theme id or name"),
             _param("overdue", schema=BOOLEAN), _param("without_evidence", schema=BOOLEAN), TENANT,
             _limit(50, 200), CURSOR], (400, 401, 429), tag="actions")},
        f"{p}/actions/{{action_id}}": {
            "get": _op("One action's follow-through state", "Action", [ACTION_ID], tag="actions"),
            "patch": _op("Update status, owner, due date or evidence (scrutineer of its tenant, or admin); "
                         "recorded as an event, never overwriting history", "ActionUpdated", [ACTION_ID],
                         (400, 401, 403, 404, 429),
                         body={"required": True, "content": {JSON: {"schema": _ref("ActionUpdate")}}},
                         tag="actions"),
        },
        f"{p}/actions/{{action_id}}/history": {"get": _op("Every recorded change to an action, oldest first",
                                                          "History", [ACTION_ID], tag="actions")},
        f"{p}/structure": {"get": _op("Groups, partnerships, reporting lines and chairs as nodes and edges",
                                      "Structure", [TENANT], (400, 401, 429), tag="structure")},
        f"{p}/documents": {
            "get": _op("Documents the token may read (keyset pages)", "DocumentPage",
                       [TENANT, _limit(50, 200), CURSOR], (400, 401, 429), tag="documents"),
            "post": _op("Upload and ingest a document (admin)", "IngestResult",
                        [_param("force", schema=BOOLEAN, description="re-ingest even if unchanged")],
                        (400, 401, 403, 409, 413, 415, 422, 429, 503), 201, UPLOAD, "documents",
                        extra={200: "Replaced or unchanged"}),
        },
        f"{p}/documents/{{doc_id}}": {
            "get": _op("A document with its passages", "DocumentDetail",
                       [DOC_ID, _param("passages", schema=BOOLEAN, description="include passages (default true)")],
                       tag="documents"),
            "delete": _op("Retract a document and everything only it supported (admin)", "RetractResult",
                          [DOC_ID], (401, 403, 404, 429), tag="documents"),
        },
        f"{p}/export": {"get": _op(
            "The readable graph in the exchange JSON format (or GraphML with format=graphml)", "Export",
            [_param("format", schema={"type": "string", "enum": ["json", "graphml"]}), TENANT],
            (400, 401, 429), tag="export")},
        f"{p}/measures": {"get": _op("Learning-loop measures per review and per partnership", "Measures",
                                     [TENANT], (400, 401, 429), tag="measures")},
        f"{p}/recurring": {"get": _op("Themes and findings that recur across reviews and years", "Recurring",
                                      [TENANT, _param("min_reviews", schema={"type": "integer", "minimum": 1,
                                                                             "maximum": 100, "default": 2})],
                                      (400, 401, 429), tag="measures")},
    }


def spec() -> dict[str, Any]:
    paths = _paths()
    # GraphML is the second representation of /export
    paths[f"{PREFIX}/export"]["get"]["responses"]["200"]["content"]["application/graphml+xml"] = {
        "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "learnloop API", "version": "1",
                 "description": "Safeguarding partnership reviews, learning and actions as a multi-tenant graph. "
                                "Every read is limited to what the bearer token's role and tenant may see; "
                                "things it may not see answer 404. Errors are RFC 9457 problem details."},
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "`learnloop token create`"}}},
        "security": [{"bearer": []}],
    }


@bp.get("/api/openapi.json")
def openapi_json():
    return jsonify(spec())
