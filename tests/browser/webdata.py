"""A real data directory for the web tests: fixture documents in the store, indexed, and tokens."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from api.accounts import AccountStore
from graph.sqlite_store import SQLiteStore
from learnloop.config import load_config
from tests.factories import FactsBuilder, review_fixture

# Tokens the tests sign in with: name -> (tenant, role)
TOKENS = {
    "bbscp-scrutineer": ("bbscp", "scrutineer"),
    "bbscp-practitioner": ("bbscp", "practitioner"),
    "cbscp-practitioner": ("cbscp", "practitioner"),
    "coordinator": ("pan-beds", "coordinator"),
}


@dataclass
class WebData:
    data_dir: Path
    secrets: dict[str, str] = field(default_factory=dict)


def second_review():
    """Another bbscp review, two years earlier, with the same theme: recurring learning."""
    b = FactsBuilder("bbscp/child-b-review", "bbscp", title="Child B rapid review", date="2021", texts=[
        "The Child B rapid review was completed in 2021.",
        "Neglect of the baby was not recognised by the health visitor.",
        "Recommendation: the partnership should audit neglect referrals.",
        "An audit of neglect referrals will be carried out by the Quality Assurance Sub-group.",
    ])
    review = b.node("Review", "child-b", "Child B", 0, kind="rapid review", date="2021-06")
    finding = b.node("Finding", "child-b-neglect", "Neglect was not recognised by the health visitor", 1)
    rec = b.node("Recommendation", "child-b-rec-1", "Audit neglect referrals", 2)
    audit = b.node("Action", "referral-audit", "Audit of neglect referrals", 3, status="done", due="2022-03")
    neglect = b.node("Theme", "neglect", "Neglect", 1)
    b.edge(review, "HAS_FINDING", finding, 1)
    b.edge(review, "HAS_RECOMMENDATION", rec, 2)
    b.edge(audit, "RESPONDS_TO", rec, 3)
    b.edge(review, "ADDRESSES_THEME", neglect, 1)
    return b.facts()


def restricted_review():
    """An unpublished bbscp review only the bbscp scrutineer may read."""
    b = FactsBuilder("bbscp/child-r-draft", "bbscp", visibility="restricted", title="Child R draft review",
                     texts=["The Child R review is not yet published.",
                            "Hidden finding about neglect in the Child R family."])
    review = b.node("Review", "child-r", "Child R", 0, kind="local CSPR", status="draft")
    finding = b.node("Finding", "child-r-secret", "Hidden finding about the Child R family", 1)
    b.edge(review, "HAS_FINDING", finding, 1)
    return b.facts()


def pan_beds_structure():
    b = FactsBuilder("pan-beds/arrangements", "pan-beds", kind="arrangements", title="Pan Bedfordshire arrangements",
                     texts=["The Pan Bedfordshire Safeguarding Children Partnership Board meets quarterly.",
                            "A Child Exploitation Task and Finish Group reports to the Pan Bedfordshire board."])
    pan = b.node("Partnership", "pan-beds", "Pan Bedfordshire Safeguarding Children Partnership", 0)
    board = b.node("Group", "board", "Pan Bedfordshire Board", 0, frequency="quarterly", kind="board")
    tf = b.node("Group", "exploitation-tf", "Child Exploitation Task and Finish Group", 1)
    b.edge(board, "PART_OF", pan, 0)
    b.edge(tf, "REPORTS_TO", board, 1)
    return b.facts()


def build(data_dir: Path) -> WebData:
    """Fill a data directory: bbscp (public, restricted), cbscp (internal), pan-beds; tokens per role."""
    data_dir.mkdir(parents=True, exist_ok=True)
    config = load_config(data_dir)
    store = SQLiteStore(config.db_path)
    for facts in (review_fixture("bbscp"), second_review(), restricted_review(),
                  review_fixture("cbscp", "cbscp/child-c-review", visibility="internal"), pan_beds_structure()):
        store.write_document(facts)
    store.close()  # create_app indexes the pending documents for search when it starts
    accounts = AccountStore(config.data_dir / "accounts.sqlite")
    out = WebData(config.data_dir)
    for name, (tenant, role) in TOKENS.items():
        _info, secret = accounts.create_token(tenant, role, name=name)
        out.secrets[name] = secret
    accounts.close()
    return out
