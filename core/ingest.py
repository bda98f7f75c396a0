"""Read an article: bytes in, an ``Article`` with its text, metadata and blocks out.

Plain text and Markdown are kept exactly as the file has them (offsets index the
decoded file); HTML goes through trafilatura, whose main-text extraction and
metadata we trust more than any hand-written tag stripping, so offsets index the
text it extracts.  Each paragraph-like block is given a role (title, standfirst,
dateline, body, furniture) so that page furniture such as "Skip to main content"
never becomes a record, while the text itself stays untouched.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import re
import stat
from datetime import datetime
from functools import cache
from pathlib import Path

from core import timex
from core.errors import InputError
from core.model import INVISIBLE_CONTROLS, Article, Block, article_id

# Long investigative pieces run to ~100 kB of text and saved news pages to a few
# MB of HTML; anything past this is not one article and would stall the parser.
MAX_INPUT_BYTES = 10 * 1024 * 1024
# A dateline or a headline is a short line; a block longer than this is prose.
MAX_DATELINE_CHARS = 90
MAX_TITLE_CHARS = 250
# Share of NULs in the odd (or even) bytes above which NUL-laden data is UTF-16 text.
UTF16_NUL_SHARE = 0.9
# A block that opens like furniture ("By submitting your email...", "Read the report of ...")
# is furniture up to this length; longer, it is prose that happens to start so.
MAX_LEAD_FURNITURE_CHARS = 400
# Share of control characters above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.01

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "ingest"


@dataclasses.dataclass(frozen=True)
class _Furniture:
    whole: re.Pattern[str]  # a short line that is furniture
    tail: re.Pattern[str]  # a line after which the rest of the page is furniture
    lead: re.Pattern[str]  # a block of any length that starts like this is furniture
    credit: re.Pattern[str]  # a photo credit glued to the end of a block


@cache
def _furniture_patterns() -> _Furniture:
    """The shapes of data/ingest/furniture.txt (see its header)."""
    kinds: dict[str, list[str]] = {"": [], "END": [], "LEAD": [], "CREDIT": []}
    for raw in (DATA_DIR / "furniture.txt").read_text(encoding="utf-8").splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        kind, _, rest = raw.partition(" ")
        if kind in kinds and kind:
            kinds[kind].append(rest)
        else:
            kinds[""].append(raw)

    def whole(parts):
        return re.compile(r"^\W*(?:" + "|".join(parts) + r")\W*$", re.IGNORECASE)

    return _Furniture(
        whole=whole(kinds[""] + kinds["END"]),
        tail=whole(kinds["END"]),
        lead=re.compile(r"^\W*(?:" + "|".join(kinds["LEAD"]) + r")", re.IGNORECASE),
        # after a sentence's end (or at the block's start), to the end of the block
        credit=re.compile(
            r"(?:(?<=[.!?\"”’])|^)\s*(?:" + "|".join(kinds["CREDIT"]) + r")\s*$", re.IGNORECASE
        ),
    )


# The month names and abbreviations of data/timex/lexicon.yaml: one vocabulary for the
# dateline and the temporal tagger.  The lexicon writes them in lower case, so they match
# case-insensitively inside patterns that are not (the wire dateline's).
_MONTH = "(?i:" + timex.lexicon_macros(timex.lexicon())["MONTH"] + r"\.?)"
# The weekday names and their abbreviations ("Tue", "Thurs."), from the same lexicon.
_WEEKDAY = "(?i:" + timex.word_alternation(timex.lexicon()["weekdays"]) + r"\.?)"
_DATELINE_LABEL = re.compile(
    r"^\s*(?:(?P<updated>(?:last\s+)?updated|modified|edited)|published|posted|first\s+published|"
    r"date)\s*(?:on|at)?\s*:?\s*",
    re.IGNORECASE,
)
# A dateline is little more than a date: month name or numeric date plus a year,
# optionally a weekday, a time and a zone.  Prose that merely contains a date is not.
_DATELINE = re.compile(
    r"^(?:" + _WEEKDAY + r",?\s+)?"
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}/\d{1,2}/\d{4})"
    # the time: "12:50pm", "14.20 BST" (the Guardian's dot)
    r"(?:,?\s*(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}T?(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?\s*$",
    re.IGNORECASE,
)
# "10:02 AM EST, Tue March 29, 2022" (CNN), "6:45 PM GMT+2, Sunday, August 25, 2024" (AP)
_TIME_FIRST = re.compile(
    r"^(?P<time>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)\s*(?:[A-Z]{2,4}T?(?:[+-]\d{1,2}(?::?\d{2})?)?)?\s*,?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
# A publication time at the start of a file name, as crawlers and archives write it:
# "20220126T083000Z_PL_en_....txt" (UTC, ISO 8601 basic) or "2022-01-26_...", "2022-01-26T08:30...".
_FILE_NAME_TIME = re.compile(
    r"^(?:(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})T(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?Z?"
    r"|(?P<y2>\d{4})-(?P<mo2>\d{2})-(?P<d2>\d{2})(?:[T_ ](?P<h2>\d{2})[:-]?(?P<mi2>\d{2}))?)"
    r"(?![\d])"
)
# A wire dateline opening the first sentence: "KYIV, May 3 (Reuters) - ", "WASHINGTON (AP) --".
# The place is in capitals, the agency in brackets before a dash; the date, when there,
# belongs to the dispatch, not to the events of the sentence it opens.
# No "^": the pattern is matched at a block's start with .match(text, pos), where "^" would fail.
_WIRE_DATELINE = re.compile(
    r"(?-i:[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.'’ -]{1,30})?)"
    r"(?:\s*,\s*(?:" + _WEEKDAY + r",?\s+)?" + _MONTH + r"\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*\((?P<wire>(?-i:[A-Z][\w&.'’ -]{0,30}))\)\s*[-–—]{1,2}\s*"
)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
# How a sentence ends (closing quotes and brackets allowed); a headline rarely does.
_SENTENCE_END = re.compile(r"[.…][\"'”’)\]]*\s*$")
# An outlet's dateline on a line of its own, cut off from the paragraph it opens:
# "Moscow CNN —", "New York CNN Business —". No headline ends with a dash.
_DASH_END = re.compile(r"[-–—]\s*$")
# A headline has words: two letters in a row at least ("16:14" is a time, no headline).
_HAS_WORD = re.compile(r"[^\W\d_]{2}")
_TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*\s*$")


def _parse_dateline(line: str) -> tuple[datetime, bool] | None:
    """The date-time a dateline gives and whether it is an update time, or None."""
    import dateparser

    if len(line) > MAX_DATELINE_CHARS:
        return None
    label = _DATELINE_LABEL.match(line)
    rest = line[label.end() :] if label else line
    rest = rest.strip(" \t|·•-–—")
    m = _TIME_FIRST.match(rest)
    candidates = [rest] + ([m.group("rest")] if m else [])
    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    for cand in candidates:
        date_part = _dateline_date(cand)
        if date_part is None:
            continue
        when = (
            dateparser.parse(rest, languages=["en"], settings=settings)
            or (m and dateparser.parse(f"{date_part} {m.group('time')}", languages=["en"], settings=settings))
            or dateparser.parse(date_part, languages=["en"], settings=settings)
        )
        if when:
            return when.replace(tzinfo=None), bool(label and label.group("updated"))
    return None


def _dateline_date(cand: str) -> str | None:
    """The date a dateline candidate is, or None: all of it, or its first comma-separated
    pieces when the rest only repeats a date ("10 Jul 2024, 10 Jul 2024", Al Jazeera)."""
    if _DATELINE.match(cand):
        return cand
    pieces = cand.split(",")
    for n in range(len(pieces) - 1, 0, -1):
        head, tail = ",".join(pieces[:n]).strip(), ",".join(pieces[n:]).strip()
        if _DATELINE.match(head) and _DATELINE.match(tail):
            return head
    return None


def _split_blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: runs of lines split at blank lines, and at line ends that
    close a sentence or a heading (so one-paragraph-per-line text works too),
    while hard-wrapped prose lines stay together."""
    spans: list[tuple[int, int]] = []
    start = None
    prev_line, prev_end = "", 0
    pos = 0
    for line in text.splitlines(keepends=True):
        content = line.strip()
        line_start = pos + (len(line) - len(line.lstrip()))
        line_end = pos + len(line.rstrip())
        pos += len(line)
        if not content:
            if start is not None:
                spans.append((start, prev_end))
                start = None
            continue
        short_heading = len(prev_line) <= MAX_DATELINE_CHARS and not content[0].islower()
        if start is not None and (
            _TERMINAL.search(prev_line) or short_heading or _MARKDOWN_HEADING.match(content)
        ):
            spans.append((start, prev_end))
            start = None
        if start is None:
            start = line_start
        prev_line, prev_end = content, line_end
    if start is not None:
        spans.append((start, prev_end))
    return spans


def _split_glued(
    text: str, spans: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], dict[int, str], str | None]:
    """Cut off what is glued to a block but not of it: a wire dateline opening it
    ("KYIV, May 3 (Reuters) - ") and a photo credit closing it ("... Photograph: AP").
    Returns the new spans, the roles those pieces must have, and the wire's name."""
    furniture = _furniture_patterns()
    out: list[tuple[int, int]] = []
    forced: dict[int, str] = {}
    wire = None
    for s, e in spans:
        m = _WIRE_DATELINE.match(text, s, e)
        if m and m.end() < e:
            forced[len(out)] = "dateline"
            out.append((s, s + len(m.group(0).rstrip())))
            wire = wire or m.group("wire").strip()
            s = m.end()
        credit = furniture.credit.search(text, s, e)
        if credit and credit.start() > s:
            body_end = s + len(text[s : credit.start()].rstrip())
            out.append((s, body_end))
            forced[len(out)] = "furniture"
            out.append((body_end + (len(text[body_end:e]) - len(text[body_end:e].lstrip())), e))
        else:
            out.append((s, e))
    return out, forced, wire


def _assign_roles(text: str, spans: list[tuple[int, int]], title_hint: str | None):
    """Give each block a role; return (blocks, title, published, updated, wire outlet)."""
    furniture = _furniture_patterns()
    whole, tail = furniture.whole, furniture.tail
    spans, forced, wire = _split_glued(text, spans)
    roles = ["body"] * len(spans)
    published = updated = None
    datelines = []
    in_tail = False
    seen_body = False
    for i, (s, e) in enumerate(spans):
        chunk = text[s:e]
        if in_tail:
            if len(chunk) <= MAX_TITLE_CHARS and not _TERMINAL.search(chunk):
                roles[i] = "furniture"  # an item of the link list: a headline, no sentence
                continue
            # Prose again: the "See also:" was one line inside the article, not its end.
            in_tail = False
        if i in forced:
            roles[i] = forced[i]
            continue
        if len(chunk) <= MAX_LEAD_FURNITURE_CHARS and furniture.lead.match(chunk):
            roles[i] = "furniture"
            continue
        if len(chunk) <= MAX_DATELINE_CHARS and whole.match(chunk):
            roles[i] = "furniture"
            # A link list follows ("Related Topics", "See also: ..."): its items are
            # furniture, up to the next prose paragraph (never the rest of the article).
            if seen_body and tail.match(chunk):
                in_tail = True
            continue
        if not seen_body and len(chunk) <= MAX_DATELINE_CHARS and _DASH_END.search(chunk):
            roles[i] = "dateline"  # never the headline; it gives no date to read
            continue
        parsed = _parse_dateline(chunk)
        if parsed:
            roles[i] = "dateline"
            datelines.append(i)
            when, is_update = parsed
            if is_update:
                updated = updated or when
            elif published is None:
                published = when
            elif updated is None:
                updated = when
            continue
        if len(chunk) > MAX_TITLE_CHARS or _TERMINAL.search(chunk):
            seen_body = True

    # Headline and standfirst: the unpunctuated short blocks before the dateline
    # (or, with no dateline, before the first prose paragraph).
    first_dateline = datelines[0] if datelines else None
    title = None
    for i, (s, e) in enumerate(spans):
        if roles[i] != "body":
            if roles[i] == "dateline" and i not in forced:
                break
            if i in forced:  # a wire dateline or a credit: the article's prose has begun
                break
            continue
        chunk = text[s:e]
        heading = bool(_MARKDOWN_HEADING.match(chunk))
        before_dateline = first_dateline is not None and i < first_dateline
        if title is None:
            # A first line that ends like a sentence is the lead, not a headline.
            looks_like_title = bool(_HAS_WORD.search(chunk)) and (
                heading or (len(chunk) <= MAX_TITLE_CHARS and not _SENTENCE_END.search(chunk))
            )
            if (before_dateline or (looks_like_title and len(spans) > 1)) and looks_like_title:
                roles[i] = "title"
                title = re.sub(r"^\s*#+\s*", "", chunk).strip()
                continue
            break
        if before_dateline:
            roles[i] = "standfirst"
            continue
        break
    if title_hint:
        title = title_hint
    if published is None:
        published = updated  # only "Updated ...": the best date the article gives for itself
    blocks = tuple(Block(s, e, r) for (s, e), r in zip(spans, roles, strict=True))
    return blocks, title, published, updated, wire


def _check_size(size: int, name: str) -> None:
    if size == 0:
        raise InputError(f"{name}: empty file")
    if size > MAX_INPUT_BYTES:
        limit = MAX_INPUT_BYTES // 1048576
        raise InputError(f"{name}: {size / 1048576:.1f} MB is too large for one article (limit {limit} MB)")


def decode(data: bytes, name: str = "input") -> str:
    """Bytes to text, or a clear InputError: empty, too large, binary, not UTF-8."""
    _check_size(len(data), name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")  # Windows' "Unicode" text: its byte-order mark says so
        except UnicodeDecodeError as error:
            raise InputError(
                f"{name}: not valid UTF-16 text (invalid bytes at offset {error.start})"
            ) from None
        return _checked_text(text, name)
    head = data[:65536]
    if b"\x00" not in head and b"\x00" in data:
        # Checked here, on the bytes, before any parsing: a NUL deep in a large file
        # would otherwise be parsed for seconds and then refused by the store.
        raise InputError(f"{name}: binary data (a NUL byte at offset {data.index(0):,}), not text")
    if b"\x00" in head:
        # ASCII text in UTF-16 has a NUL in every other byte
        halves = (head[1::2], head[0::2])
        if any(h and h.count(0) >= UTF16_NUL_SHARE * len(h) for h in halves):
            raise InputError(f"{name}: UTF-16 text without a byte-order mark; save it as UTF-8")
        raise InputError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {error.start})") from None
    return _checked_text(text, name)


def _checked_text(text: str, name: str) -> str:
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > MAX_CONTROL_SHARE * min(len(text), 65536):
        raise InputError(f"{name}: binary file, not text")
    if not text.strip():
        raise InputError(f"{name}: no text (only whitespace)")
    return text


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(html|body|article|p|div)\b", head)
    )


def _html_to_text(html: str, url: str | None):
    import htmldate
    import trafilatura

    from core import webpage

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = (getattr(doc, "text", None) or "").strip() if doc else ""
    if not body:
        raise InputError("no article text found in the HTML")
    page = webpage.read_page(html, url=url, extracted_title=getattr(doc, "title", None))
    meta = {
        "title": page.title or getattr(doc, "title", None),
        "outlet": page.outlet or getattr(doc, "sitename", None),
        "url": page.url or getattr(doc, "url", None) or url,
        "published": page.published.local if page.published else None,
        "utc_offset": page.published.utc_offset if page.published else None,
        "updated": page.updated.local if page.updated else None,
    }
    fmt = "%Y-%m-%dT%H:%M"
    for key, original in (("published", True), ("updated", False)):
        if meta[key] is not None:
            continue
        try:
            found = htmldate.find_date(html, original_date=original, outputformat=fmt, extensive_search=False)
        except Exception:  # noqa: BLE001 - a page without a usable date is still an article
            found = None
        meta[key] = datetime.fromisoformat(found) if found else None
    return body, meta


def _date_disagreement(name: str, meta_published, text_published) -> tuple[str, ...]:
    """A note when the page's metadata and its text's dateline are more than a day apart
    (the page may carry another article's date: a related story, a re-publication)."""
    from core.webpage import DATE_DISAGREEMENT

    if meta_published is None or text_published is None:
        return ()
    if abs(meta_published - text_published) <= DATE_DISAGREEMENT:
        return ()
    return (
        f"{name}: the page's metadata gives {meta_published:%Y-%m-%d %H:%M} but its dateline "
        f"{text_published:%Y-%m-%d %H:%M}; using the metadata",
    )


def article_from_text(
    text: str,
    *,
    source: str | None = None,
    published: datetime | None = None,
    is_html: bool = False,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """Build an Article from already-decoded text (pasted, uploaded or read from a file).

    ``published`` and ``outlet``, when given, override what the text says."""
    name = source or "input"
    if len(text.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        _check_size(len(text.encode("utf-8", "surrogatepass")), name)
    if not text.strip():
        raise InputError(f"{name}: no text (only whitespace)")
    if "\x00" in text:  # pasted or uploaded text: refused before parsing, as a file is
        raise InputError(f"{name}: binary data (a NUL character at offset {text.index(chr(0)):,}), not text")
    meta: dict = {}
    if is_html:
        try:
            text, meta = _html_to_text(text, url)
        except InputError as error:
            raise InputError(f"{name}: {error}") from None
    # Hidden characters go before anything reads the text: they would hide places and
    # dates from the parser and make one article two (the id hashes the text).
    text = INVISIBLE_CONTROLS.sub("", text)
    if not text.strip():
        raise InputError(f"{name}: no text (only invisible characters)")
    blocks, title, text_published, text_updated, wire = _assign_roles(
        text, _split_blocks(text), meta.get("title")
    )
    if not any(b.role in ("body", "standfirst", "title") for b in blocks):
        raise InputError(f"{name}: no article text (only page furniture or datelines)")
    notes = () if published else _date_disagreement(name, meta.get("published"), text_published)
    return Article(
        id=article_id(text),
        text=text,
        title=title,
        published=published or meta.get("published") or text_published,
        updated=meta.get("updated")
        if meta.get("updated") and meta.get("updated") != meta.get("published")
        else text_updated,
        source=source,
        url=meta.get("url") or url,
        blocks=blocks,
        outlet=outlet or meta.get("outlet") or wire,
        notes=notes,
    )


def _os_reason(error: OSError) -> str:
    """Why a file cannot be read, in a few words ("permission denied")."""
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ELOOP:
        return "symbolic link loop"
    return (error.strerror or type(error).__name__).lower()


def file_name_time(name: str) -> datetime | None:
    """The publication time a file name starts with (see _FILE_NAME_TIME), or None."""
    m = _FILE_NAME_TIME.match(name)
    if not m:
        return None
    g = m.groupdict()
    parts = (
        (g["y"], g["mo"], g["d"], g["h"], g["mi"], g["s"])
        if g["y"]
        else (g["y2"], g["mo2"], g["d2"], g["h2"], g["mi2"], None)
    )
    try:
        return datetime(*(int(p or 0) for p in parts))
    except ValueError:  # "2022-13-45_..." is a name, not a date
        return None


def read_article(path: str | Path, published: datetime | None = None, outlet: str | None = None) -> Article:
    """Read one file as an article; InputError (one line, names the file) for bad input."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a file")
        _check_size(info.st_size, str(path))
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: {_os_reason(error)}") from None
    text = decode(data, str(path))
    suffix = path.suffix.lower()
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _looks_like_html(text))
    article = article_from_text(text, source=path.name, published=published, is_html=is_html, outlet=outlet)
    if article.published is None:
        # Only when the text itself gives none: a dateline or page metadata is the better witness.
        named = file_name_time(path.name)
        if named is not None:
            article = dataclasses.replace(article, published=named)
    return article
