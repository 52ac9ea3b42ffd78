"""Linking across articles: entities and aliases, wire copies, stories (and, from the
semantic stages, propositions, estimate series and contradictions).

Runs after each stored batch (`link_pending`, called by ingest) and can be rebuilt from the
stored records (`relink`). See DESIGN.md in this folder for the tables and the stage protocol.
"""

from claimledger.linking.db import LinkDB
from claimledger.linking.pipeline import LinkReport, link_articles, link_pending, relink

__all__ = ["LinkDB", "LinkReport", "link_articles", "link_pending", "relink"]
