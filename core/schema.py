"""The store's tables (SQLAlchemy Core), shared by the store and the migrations.

Parser output (``records`` with their ``record_actors``/``record_locations`` rows)
and human work (``corrections``) live in separate tables: a re-parse replaces the
former and never touches the latter, and corrections are applied on read.  Since
revision 0004 the records rows also hold the corrected values (written in the
correction's own transaction, and again after a re-parse), so the database can filter
and count what the dashboard shows; ``record_facets`` and ``daily_counts`` are derived
from them the same way (``core/derived.py``).
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# Longest text (in characters) a name may have, checked before every write
# (core.store.check_row reads ``info["max_chars"]``) so that SQLite and PostgreSQL store
# the same values: PostgreSQL refuses a btree index entry over 2,704 bytes, which an
# indexed name of 677 four-byte characters already is.  No real name is longer than this.
NAME_MAX_CHARS = 500
# A record's summary is one line of a timeline (the parser writes 18 words); a hand-made
# one a few sentences.  Not indexed, but the same limit on both backends all the same.
SUMMARY_MAX_CHARS = 2000
NAME_LIMIT = {"max_chars": NAME_MAX_CHARS}

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),  # content hash of the normalised text
    sa.Column("title", sa.Text),
    sa.Column("source", sa.Text),  # the file name or origin ("pasted")
    sa.Column("url", sa.Text),
    sa.Column("published", sa.DateTime),
    sa.Column("updated", sa.DateTime),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("blocks", sa.JSON, nullable=False),  # [[start, end, role], ...]
    sa.Column("added_at", sa.DateTime, nullable=False),
    sa.Column("parser_version", sa.String(32), nullable=False),
    sa.Column("outlet", sa.Text),  # who published it (revision 0002)
    sa.Column("licence", sa.Text),  # terms and credit of its text, from an import (revision 0006)
)

records = sa.Table(
    "records",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("article_id", sa.String(32), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    sa.Column("origin", sa.String(8), nullable=False),  # parser | user
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("event_type", sa.String(64)),
    sa.Column("summary", sa.Text, info={"max_chars": SUMMARY_MAX_CHARS}),
    sa.Column("sentence", sa.Text),
    sa.Column("char_start", sa.Integer),
    sa.Column("char_end", sa.Integer),
    sa.Column("date_start", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("date_precision", sa.String(16)),
    sa.Column("date_text", sa.Text),
    sa.Column("speaker_name", sa.Text, info=NAME_LIMIT),
    sa.Column("speaker_country", sa.String(3)),
    sa.Column("quote", sa.Text),
    sa.Column("reported_by", sa.Text),
    sa.Column("confidence", sa.Float),
    sa.Column("extra", sa.JSON),  # record fields added later than this schema
    # revision 0003: what the date rests on, the article's day, fatalities
    sa.Column("date_basis", sa.String(16)),
    sa.Column("reported_on", sa.Date),
    sa.Column("fatalities", sa.Integer),
    sa.Column("fatalities_text", sa.Text),
    # revision 0004: the record as the dashboard shows it is queryable in place (see
    # core/derived.py): hidden by a correction, and the lower-cased text a search reads
    sa.Column("hidden", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("search_text", sa.Text),
    # revision 0005: what the event judge made of an event
    sa.Column("judgement", sa.String(16)),
    sa.Index("ix_records_article", "article_id"),
    sa.Index("ix_records_reported_on", "reported_on"),
    sa.Index("ix_records_speaker_country", "speaker_country"),
    # revision 0004 (in place of one on date_start, date_end): records in order of their
    # first day (a date window, a page by date) and of their last day (the extent), with
    # what the date filter and "hidden" need, so that neither reads the table.  "hidden"
    # comes last: first, it would look selective to SQLite's planner, which then walks
    # every visible record to find a few by id.
    sa.Index("ix_records_start", "date_start", "date_end", "hidden"),
    sa.Index("ix_records_end", "date_end", "date_start", "hidden"),
)

record_actors = sa.Table(
    "record_actors",
    metadata,
    sa.Column("record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, info=NAME_LIMIT),
    sa.Column("country", sa.String(3)),
    sa.Column("role", sa.Text),
    sa.Column("type", sa.String(16)),
    sa.Index("ix_record_actors_country", "country"),
    sa.Index("ix_record_actors_name", "name"),
)

record_locations = sa.Table(
    "record_locations",
    metadata,
    sa.Column("record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False, info=NAME_LIMIT),
    sa.Column("country", sa.String(3)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("kind", sa.String(16)),
    sa.Index("ix_record_locations_country", "country"),
    sa.Index("ix_record_locations_name", "name"),
)

# Revision 0004: the values a record is filtered, laned and mapped by, one row each
# (core/derived.py): lane "country" (its actors', places' and speaker's countries), "actor"
# (its actors and speaker), "location" (its place names), "place" (its places with
# coordinates, as the map tells them apart) and "type" (its event type); "" for a record
# with no country, actor or type, so that it still has its lane ("No actor").
record_facets = sa.Table(
    "record_facets",
    metadata,
    sa.Column("record_id", sa.String(32), sa.ForeignKey("records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("lane", sa.String(8), primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Index("ix_record_facets_value", "lane", "value", "record_id"),
)

# Revision 0004: visible dated records per day (their date_start), lane value and kind,
# kept in step with records by every write in the same transaction (core/derived.py), so
# that counts over a whole store read a few thousand rows instead of every record.
daily_counts = sa.Table(
    "daily_counts",
    metadata,
    sa.Column("lane", sa.String(8), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)

# Revision 0004: the same by ISO week (``week`` is its Monday): a few years of counts in
# hundreds of rows per value rather than thousands.
weekly_counts = sa.Table(
    "weekly_counts",
    metadata,
    sa.Column("lane", sa.String(8), primary_key=True),
    sa.Column("week", sa.Date, primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)

# Revision 0004: visible records, dated or not, per lane value and kind: the facets of
# the whole store, and the map of it, without reading any record.
facet_counts = sa.Table(
    "facet_counts",
    metadata,
    sa.Column("lane", sa.String(8), primary_key=True),
    sa.Column("value", sa.Text, primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)

# Human corrections, kept apart from parser output.  record_id has no foreign key
# on purpose: a correction outlives a re-parse that drops its record (it is then
# reported as orphaned, never silently lost).
corrections = sa.Table(
    "corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_id", sa.String(32), nullable=False),
    sa.Column("article_id", sa.String(32), nullable=False),
    sa.Column("field", sa.String(32), nullable=False),
    sa.Column("previous", sa.JSON),
    sa.Column("value", sa.JSON),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Index("ix_corrections_record", "record_id"),
)

# One row; ``version`` goes up with every write so readers (the dashboard's
# caches, other replicas) can tell cheaply that something changed.
store_meta = sa.Table(
    "store_meta",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)
