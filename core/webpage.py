"""A saved web page's own account of itself: headline, outlet and publication time.

Pages say these things several times over, not always alike: JSON-LD
(``headline``, ``datePublished``, ``publisher``), Open Graph and Twitter cards
(``og:title``, ``og:site_name``, ``article:published_time``), the ``<h1>``, the
``<title>`` (usually "Headline | Section | Site") and ``<time>`` elements.  The
headline is the text most of them agree on once the site's name, section and
separator are stripped; no list of outlets is involved, only what the page names
itself.  Times keep the page's own wall clock and UTC offset: "2023-08-30T16:45+01:00"
is 16:45 on 30 August wherever the reader is.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

# JSON-LD @type values that describe the article itself (schema.org's Article and its
# subtypes all end in "Article", plus blog and live-blog postings and reports).
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Report|Posting)$")
# Separators between a headline and the site's name or section: "|", dashes, "·",
# "•", "*", "»", "::" with spaces around them ("a - b"), or a bare "|".
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•*»/]|::)\s+|\s*\|\s*")
_SEP_GROUP = "(?:" + _SEPARATOR.pattern + ")"
# Between the pieces one source adds to another's headline, a colon too ("Section: Headline").
_PIECE_SEPARATOR = re.compile(_SEPARATOR.pattern + r"|:\s+")
_ANY_SEPARATOR = r"\s*(?:[|\-–—·•*»:/]|::)?\s*"
# A section label next to the site name: a few capitalised words ("Spain",
# "Politics News", "Royal").  Only stripped next to a site name already stripped.
MAX_SECTION_WORDS = 3
# A <title> or og:title longer than this was cut by the site ("... for 5th straight y").
TRUNCATION_SLACK = 3
# Which headline wins a tie: the one the reader sees on the page, then the one the
# publisher writes for sharing, then structured data, then the browser tab's.
HEADLINE_TIE_ORDER = ("h1", "og", "ld", "title")
# Only a title at least this long is taken as cut short: short ones are prefixes by chance.
TRUNCATED_MIN_CHARS = 40
# Words that pages add to their own name ("The Mirror" / "Mirror Online", "Metro News").
_NAME_NOISE = {"the", "online", "news", "com", "co", "uk", "www", "net", "org"}
# Where pages put their publication time, best first.  JSON-LD and itemprop are the
# publisher's structured statement; meta tags are often rewritten on update (the Mirror's
# article:published_time is its last update), so they come after.
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
)
_ISO_DATETIME = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
# Metadata and the text's dateline further apart than this are reported: the page
# is likely to carry another article's date (a related story, a re-publication).
DATE_DISAGREEMENT = timedelta(days=1)


@dataclass(frozen=True)
class PageTime:
    """A time as the page gives it: its wall clock and, when stated, its UTC offset."""

    local: datetime  # naive: the page's own wall clock
    utc_offset: str | None = None  # "+01:00", "Z" as "+00:00"; None when the page names none


@dataclass(frozen=True)
class PageMeta:
    title: str | None
    outlet: str | None
    published: PageTime | None
    updated: PageTime | None
    url: str | None


def _clean(text: str | None) -> str:
    if not text:
        return ""
    text = html_lib.unescape(html_lib.unescape(text)) if "&" in text else text
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _loose(text: str) -> str:
    """Comparison key: case, quotes, punctuation and spacing ignored.

    Letters, combining marks (Devanagari vowel signs) and digits are kept; every
    other character is a space."""
    text = unicodedata.normalize("NFKC", text).lower()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text)
    return " ".join(kept.split())


def _name_key(text: str) -> str:
    words = [w for w in _loose(text).split() if w not in _NAME_NOISE]
    return "".join(words)


def parse_page_time(value: str | None) -> PageTime | None:
    """An ISO 8601 date or date-time with its offset, or None."""
    m = _ISO_DATETIME.match(value or "")
    if not m:
        return None
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        local = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    offset = None
    if zone:
        offset = "+00:00" if zone == "Z" else f"{zone[:3]}:{zone[-2:]}"
    return PageTime(local, offset)


# --- JSON-LD -------------------------------------------------------------------------


def _json_ld(tree) -> Iterator[dict]:
    """Every JSON object in the page's ld+json scripts, @graph members included."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if graph:
                    stack[:0] = graph if isinstance(graph, list) else [graph]


def _types(item: dict) -> list[str]:
    kind = item.get("@type") or []
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _article_ld(tree) -> list[dict]:
    return [item for item in _json_ld(tree) if any(_ARTICLE_TYPE.search(t) for t in _types(item))]


def _ld_name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return _clean(value) if isinstance(value, str) else ""


# --- meta tags -----------------------------------------------------------------------


def _meta(tree, *names: str) -> list[str]:
    """Contents of <meta property|name|itemprop=...> for these names, in page order."""
    wanted = {n.lower() for n in names}
    out = []
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key in wanted and el.get("content"):
            out.append(el.get("content"))
    return out


def _site_names(tree, ld: list[dict], url: str | None) -> tuple[list[str], list[str]]:
    """(the names the page gives its outlet, those plus the URL's host label)."""
    names = [_clean(n) for n in _meta(tree, "og:site_name", "application-name", "apple-mobile-web-app-title")]
    for item in ld:
        names.append(_ld_name(item.get("publisher")))
    for item in _json_ld(tree):
        if (
            "WebSite" in _types(item)
            or "Organization" in _types(item)
            or "NewsMediaOrganization" in _types(item)
        ):
            names.append(_ld_name(item.get("name")))
    names = [n for n in dict.fromkeys(names) if n]
    labels = (
        [p for p in (urlsplit(url).hostname or "").split(".") if p not in ("www", "m", "amp")] if url else []
    )
    return names, names + labels[:1]


# --- headline ------------------------------------------------------------------------


def _is_site(segment: str, site_keys: set[str]) -> bool:
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", segment.strip()):  # "Express.co.uk", "WorldTruth.Tv"
        return True
    key = _name_key(segment)
    if not key:
        return True
    return any(key == s or (len(s) >= 4 and (s in key or key in s)) for s in site_keys)


def _is_section(segment: str) -> bool:
    words = segment.split()
    return 0 < len(words) <= MAX_SECTION_WORDS and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def strip_site(title: str, site_names: list[str]) -> str:
    """The headline without the site's name, and any section next to it, at either end."""
    title = _clean(title)
    # Whole site names first: some contain separators themselves ("A - B - C").
    for name in sorted(site_names, key=len, reverse=True):
        pieces = [re.escape(p) for p in _SEPARATOR.split(name) if p.strip()]
        if not pieces:
            continue
        body = _ANY_SEPARATOR.join(pieces)
        stripped = re.sub(_SEP_GROUP + body + r"\s*$", "", title, flags=re.IGNORECASE)
        stripped = re.sub(r"^\s*" + body + _SEP_GROUP, "", stripped, flags=re.IGNORECASE)
        title = stripped.strip() or title
    site_keys = {k for k in (_name_key(n) for n in site_names) if k}
    parts = _SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    seps = _SEPARATOR.findall(title)
    # Trailing: "Headline | Section | Site"
    end = len(parts)
    while end > 1 and _is_site(parts[end - 1], site_keys):
        end -= 1
    if end < len(parts):
        while end > 1 and _is_section(parts[end - 1]):
            end -= 1
    start = 0
    while start < end - 1 and _is_site(parts[start], site_keys):
        start += 1
    if start == 0 and end == len(parts):
        return title
    out = parts[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _h1s(tree) -> list[str]:
    inside = tree.xpath("//article//h1 | //main//h1")
    return [t for t in (_clean(h.text_content()) for h in (inside or tree.xpath("//h1"))) if t]


def _extends(longer: str, shorter: str) -> bool:
    """True when ``longer`` is ``shorter`` plus separator-delimited pieces at either end
    ("Headline - Samastipur News", "Headline | Site | by Author")."""
    if len(longer) <= len(shorter) or not shorter:
        return False
    pieces = _PIECE_SEPARATOR.split(longer)
    for i in range(len(pieces)):
        for j in range(i + 1, len(pieces) + 1):
            if (i, j) != (0, len(pieces)) and _loose(" ".join(pieces[i:j])) == _loose(shorter):
                return True
    return False


def _headline_sources(tree, ld: list[dict], extracted: str | None) -> list[tuple[str, str]]:
    """(source, raw headline) pairs, in order of trust."""
    sources: list[tuple[str, str]] = []
    social = _meta(tree, "og:title") or _meta(tree, "twitter:title")
    if social and _clean(social[0]):
        sources.append(("og", _clean(social[0])))
    for item in ld:
        for key in ("headline", "name"):
            if isinstance(item.get(key), str) and _clean(item[key]):
                sources.append(("ld", _clean(item[key])))
                break
        if any(src == "ld" for src, _ in sources):
            break
    h1 = _h1s(tree)
    if h1:
        sources.append(("h1", h1[0]))
    titles = tree.xpath("//head//title") or tree.xpath("//title")
    if titles and _clean(titles[0].text_content()):
        sources.append(("title", _clean(titles[0].text_content())))
    if extracted and _clean(extracted):
        sources.append(("extracted", _clean(extracted)))
    return sources


def _headline(tree, ld: list[dict], site_names: list[str], extracted: str | None) -> str | None:
    """The headline most of the page's sources give (og:title, the JSON-LD headline,
    the ``<h1>``, the ``<title>``), each without the site's name and section.

    Before the vote, a source that repeats another with extra separated pieces
    ("... - Samastipur News", "... | by Author") counts as that other, and one cut
    short ("... 5th straight y") as the full one it begins.  Ties go to the earlier
    source in HEADLINE_TIE_ORDER.
    trafilatura's title only decides when the page gives no other."""
    sources = _headline_sources(tree, ld, extracted)
    cleaned = [(src, strip_site(text, site_names)) for src, text in sources]
    cleaned = [(src, text) for src, text in cleaned if text]
    voters = [text for src, text in cleaned if src != "extracted"] or [text for _, text in cleaned]
    if not voters:
        return None
    resolved = []
    for text in voters:
        for other in voters:
            if _extends(text, other):
                text = other
        key = _loose(text)
        if len(key) > TRUNCATED_MIN_CHARS:
            for other in voters:
                other_key = _loose(other)
                cut_short = other_key.startswith(key[: len(key) - TRUNCATION_SLACK]) and not _extends(
                    other, text
                )
                if len(other_key) > len(key) and cut_short:
                    text = other
                    break
        resolved.append(text)
    votes: dict[str, int] = {}
    for text in resolved:
        votes[_loose(text)] = votes.get(_loose(text), 0) + 1
    tie_order = {src: n for n, src in enumerate(HEADLINE_TIE_ORDER)}
    order = [
        tie_order.get(src, len(tie_order))
        for src, _ in cleaned
        if src != "extracted" or len(voters) == len(cleaned)
    ]
    best = max(range(len(resolved)), key=lambda i: (votes[_loose(resolved[i])], -order[i]))
    return resolved[best]


def headline_disagreement(html: str) -> tuple[str, str] | None:
    """(og:title, <h1>) of a page when the two differ after site names are stripped."""
    import lxml.html

    tree = lxml.html.fromstring(html)
    ld = _article_ld(tree)
    _, sites = _site_names(tree, ld, None)
    social = _meta(tree, "og:title")
    h1 = _h1s(tree)
    if not social or not h1:
        return None
    og, head = strip_site(_clean(social[0]), sites), strip_site(h1[0], sites)
    return None if _loose(og) == _loose(head) else (og, head)


# --- dates ---------------------------------------------------------------------------


def _first_time(values) -> PageTime | None:
    for value in values:
        found = parse_page_time(value if isinstance(value, str) else None)
        if found:
            return found
    return None


def _published(tree, ld: list[dict]) -> tuple[PageTime | None, PageTime | None]:
    published = _first_time(item.get("datePublished") for item in ld)
    published = published or _first_time(
        el.get("datetime") or el.get("content") for el in tree.xpath('//*[@itemprop="datePublished"]')
    )
    published = published or _first_time(_meta(tree, *_PUBLISHED_META))
    if published is None:
        times = tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]") or tree.xpath(
            "//time[@datetime]"
        )
        published = _first_time(t.get("datetime") for t in times[:1])
    updated = _first_time(item.get("dateModified") for item in ld) or _first_time(
        [el.get("datetime") or el.get("content") for el in tree.xpath('//*[@itemprop="dateModified"]')]
        + _meta(tree, *_MODIFIED_META)
    )
    return published, updated


def read_page(html: str, url: str | None = None, extracted_title: str | None = None) -> PageMeta:
    """Headline, outlet, publication and update time and canonical URL of a page."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return PageMeta(None, None, None, None, url)
    ld = _article_ld(tree)
    canonical = (
        next(iter(tree.xpath('//link[@rel="canonical"]/@href')), None)
        or next(iter(_meta(tree, "og:url")), None)
        or url
    )
    outlets, sites = _site_names(tree, ld, canonical)
    published, updated = _published(tree, ld)
    return PageMeta(
        title=_headline(tree, ld, sites, extracted_title),
        outlet=outlets[0] if outlets else None,
        published=published,
        updated=updated,
        url=canonical,
    )
