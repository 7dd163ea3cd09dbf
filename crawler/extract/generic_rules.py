"""The generic extractor's heuristics as data: word lists, class-name hints, thresholds and patterns.

Every pattern here is linear: alternations of literals, anchored, without nested quantifiers, so that
a hostile page cannot make a match run long. Class and id hints are matched against one token of a
class attribute at a time (see `crawler.extract.generic_score.hint`).
"""

from __future__ import annotations

import re

from crawler.sites.base import RELATED_HEADINGS

# --- container scoring -------------------------------------------------------------------------------

# Elements whose own text counts as a paragraph of content when long enough.
PARAGRAPH_TAGS = ("p", "pre", "blockquote", "td", "div", "section", "article")
# Block containers that may hold the article body (the candidates of the scoring).
CONTAINER_TAGS = frozenset({"div", "article", "section", "main", "td", "tbody", "table", "font", "center"})
BLOCK_CHILD_TAGS = frozenset({"p", "div", "table", "ul", "ol", "section", "article", "h2", "h3", "h4", "blockquote"})
INLINE_TAGS = frozenset({"a", "b", "strong", "em", "i", "span", "font", "u", "sup", "sub"})
MIN_PARAGRAPH_CHARS = 25  # shorter text (labels, dates, buttons) does not vote for a container
# A class or id token meaning "the article" or "not the article" (one token of the attribute, any case).
POSITIVE_HINT = re.compile(
    r"(?:^|[-_])(?:content|article|detail|details|body|entry|post|story|text|noidung|chitiet|chi-tiet|"
    r"journal|fulltext|news-content|main|page-header|news-header)(?:$|[-_])",
    re.IGNORECASE,
)
NEGATIVE_HINT = re.compile(
    r"(?:^|[-_])(?:comment|comments|binhluan|sidebar|side|aside|related|relate|lienquan|lien-quan|widget|"
    r"footer|menu|nav|navbar|share|social|sharing|ads|adv|advert|advertisement|banner|promo|qc|quangcao|"
    r"tags|tag|breadcrumb|breadcrumbs|mostread|most-read|xemnhieu|docnhieu|other|tinkhac|tin-khac|"
    r"more|same|samecat|cungchuyenmuc|cung-chuyen-muc|popup|modal|print|rating|vote|subscribe|newsletter|"
    r"hotline|toolbar|pagination|paging|top-news|topnews|hot|trending|header|topbar|top-bar|masthead|logo|weather)(?:$|[-_])",
    re.IGNORECASE,
)
POSITIVE_WEIGHT = 1.25
NEGATIVE_WEIGHT = 0.15
INNER_BODY_SHARE = 0.5  # see generic_score._below_title
BEFORE_TITLE_WEIGHT = 0.3  # a block that ends before the article's <h1> is a menu or a header box

# --- cleaning the chosen container ---------------------------------------------------------------------

# Never article content, wherever they sit inside the body container.
NOISE_TAGS = ("aside", "nav", "footer", "form", "header", "h1")
# Headings that open a box of links to other articles inside a body: the sites' list plus what generic
# CMSs print (WordPress "Bài viết liên quan", portals "Các tin khác", ...).
RELATED_BOX_HEADINGS: tuple[str, ...] = (
    *RELATED_HEADINGS,
    "Bài viết liên quan",
    "Tin khác",
    "Các tin khác",
    "Tin bài liên quan",
    "Tin đọc nhiều",
    "Đọc nhiều",
    "Xem nhiều",
    "Tin mới",
    "Tin mới nhất",
    "Có thể bạn quan tâm",
    "Bạn có thể quan tâm",
    "Tin cùng chủ đề",
    "Cùng chủ đề",
)
# A paragraph opened by one of these and made mostly of links is an inline pointer to another article.
RELATED_LINE = re.compile(
    r"^\s*(?:>>\s*)?(?:xem thêm|đọc thêm|tham khảo thêm|tin liên quan|bài liên quan|xem tiếp|mời xem)\s*[:>-]",
    re.IGNORECASE,
)
DANGLING_SEPARATOR = re.compile(r"\s*[-–—|:]$")  # left at the end of a caption whose credit was split off
LEAD_IMAGE_MAX_CHARS = 400  # text beside an image right above the body: its caption, nothing more
CAPTION_CSS = "figcaption, [class*=caption], [class*=Caption], td.image_desc, .image_desc, .expNoEdit"
BREADCRUMB_CSS = "[class*=breadcrumb] a, [itemtype*=BreadcrumbList] [itemprop=name], nav[aria-label=breadcrumb] a"
TAGS_CSS = "[class*=tags] a[href], [class*=keyword] a[href], a[rel=tag]"

# --- title, lead, byline ---------------------------------------------------------------------------------

# Elements old CMSs style as the headline when a page has no <h1>.
TITLE_TAGS = ("h2", "h3", "div", "span", "p", "td", "strong", "b", "font")
# Separators between a headline and the site name in <title> / og:title.
TITLE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+")
LEAD_HINT = re.compile(
    r"(?:^|[-_])(?:sapo|lead|desc|description|summary|excerpt|intro|abstract|tomtat|chapeau|teaser|"
    r"subtitle|sub-title)(?:$|[-_])",
    re.IGNORECASE,
)
LEAD_MIN_CHARS = 30
LEAD_MAX_CHARS = 1200
AUTHOR_HINT = re.compile(r"(?:^|[-_])(?:author|byline|tacgia|tac-gia|writer|reporter)(?:$|[-_])", re.IGNORECASE)
# "(BKTO) - ", "(Chinhphu.vn) - ", "(ĐTCK) ", "QĐND - ", "TTXVN - ", "Vietnamplus.vn - ": a short source
# name, in parentheses or one word, at the start of the lead. Multi-word unparenthesised heads ("HÀ NỘI -")
# are datelines, not agencies.
AGENCY_PREFIX = re.compile(
    r"^\s*(?:\(\s*(?P<agency>[^()\n]{2,30}?)\s*\)\s*(?:[-–—:]\s*)?"
    r"|(?P<word>[A-ZĐ][A-Za-zĐđ0-9.+]{1,24})\s*[-–—]\s+)"
)
# The single unparenthesised word must look like an agency: upper-case (QĐND, TTXVN) or a domain.
AGENCY_WORD = re.compile(r"^(?:[A-ZĐ0-9+]{2,12}|[A-Za-z0-9-]+\.(?:vn|com|net|org)(?:\.vn)?)$")
# Lines closing an article that name its writer or source, never content.
BYLINE_LINE = re.compile(
    r"^\s*(?:bài\s*(?:và|,|&)\s*ảnh|bài,?\s*ảnh|tin,?\s*ảnh|tin\s*(?:và|&)\s*ảnh|bài|tin|nhóm phóng viên|"
    r"thực hiện|tác giả|phóng viên)\s*:\s*(?P<name>[^.:;!?]{2,60}?)\s*\.?\s*$",
    re.IGNORECASE,
)
SOURCE_LINE = re.compile(r"^\s*[(\[]\s*(?:theo\s+)?(?P<source>[^()\[\]]{2,40}?)\s*[)\]]\s*$", re.IGNORECASE)
SOURCE_AFTER_THEO = re.compile(r"^\s*(?:theo|nguồn)\s*:?\s+(?P<source>[^.:;!?]{2,40}?)\s*\.?\s*$", re.IGNORECASE)
# A source line names an agency: an upper-case abbreviation, a domain, or "X/Y" ("TTXVN/Vietnam+").
SOURCE_NAME = re.compile(r"[A-ZĐ]{2,}|\.vn\b|\.com\b|/")
AUTHOR_LABEL = re.compile(
    r"^\s*(?:tác giả|bài|tin|theo|viết bởi|đăng bởi|gửi bởi|bởi|by|pv|phóng viên)\s*[:.]?\s+", re.IGNORECASE
)
# Account names and desks that CMSs print where a writer's name goes: not bylines.
NOT_AUTHORS = frozenset({"admin", "administrator", "quản trị", "quản trị viên", "ban biên tập", "biên tập viên",
                         "editor", "webmaster", "tòa soạn", "toà soạn"})
BYLINE_MAX_WORDS = 8
BYLINE_MAX_CHARS = 60

# --- dates -------------------------------------------------------------------------------------------------

# JSON-LD, meta and microdata keys of the publication and modification times, most trusted first.
PUBLISHED_META = ("article:published_time", "datepublished", "og:published_time", "pubdate", "publishdate",
                  "dc.date.issued", "date")
MODIFIED_META = ("article:modified_time", "datemodified", "og:updated_time", "lastmod")
HEADER_WINDOW = 60  # elements after the <h1> searched for the visible date, author and lead
HEADER_BEFORE = 12  # elements before it (a date or category line above the headline)
VISIBLE_DATE_MAX_CHARS = 120
DATE_LIKE = re.compile(r"\d[/.-]\d|\d\s*tháng\s*\d", re.IGNORECASE)  # worth a full parse
EARLIEST_YEAR = 1990  # crawler.normalise.dates' floor: machine dates before it are placeholders
VISIBLE_TIME = re.compile(r"\d\s*(?::|h|giờ)\s*\d\d", re.IGNORECASE)  # "14:35", "14h35", "14 giờ 35"

# --- not an article -----------------------------------------------------------------------------------------

# Paths of listing, tag, search and home pages on Vietnamese CMSs (WordPress, portals, Liferay).
LISTING_PATH = re.compile(
    r"(?:^/?$|^/(?:vi|en|index\.(?:html?|php|aspx?))/?$|/(?:tag|tags|chu-de|tu-khoa|topic|topics|category|"
    r"chuyen-muc|danh-muc|tim-kiem|search|timkiem|page)(?:/|$|\.))",
    re.IGNORECASE,
)
# The last path segment of an article URL usually carries its id ("...-post812345.html", "...-24102.html"):
# such a URL is not a listing whatever its folders say ("/chuyen-muc/thoi-su/...-24102.html").
ARTICLE_ID = re.compile(r"\d{5,}|-[a-z]{0,4}\d{3,}(?:\.\w+)?$", re.IGNORECASE)
SEARCH_QUERY = re.compile(r"(?:^|&)(?:q|s|keyword|keywords|tukhoa|search)=", re.IGNORECASE)
MIN_ARTICLE_CHARS = 200  # body text under this, with no article metadata, is not an article
TEASER_LIMIT = 3  # list items (linked headings, cards, headline + description) that make a list of articles
HEADLINE_MIN_CHARS = 20
TEASER_HEADINGS = frozenset({"h2", "h3", "h4", "h5"})
TEASER_CARD_MAX_CHARS = 400  # a linked headline's card: headline, description, date
DESCRIPTION_MIN_CHARS = 40
