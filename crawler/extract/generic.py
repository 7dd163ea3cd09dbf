"""Generic extraction (`parser = "generic.v1"`): an Article from a news page of any layout, for sites no
profile knows and pages no template of a known site recognises.

It reads what the page states about itself (JSON-LD, OpenGraph and article:* meta, microdata, canonical
link), then its structure: the main <h1> is the title, the element the content scoring picks
(`generic_score`) is the body, the elements around the <h1> (the header zone) give the visible date,
the author and the lead. The body is cleaned like a template's (`crawler.extract.body`), after the
generic noise (share bars, ads, related boxes, comments by class name) is removed, and closing byline
and source lines are popped. Pages that are lists of articles (category, tag, search and home pages)
get `parser = NOT_ARTICLE` and nothing else: the validation pipeline drops them as `not_article`.

Heuristics and word lists live in `generic_rules`; every walk over the tree is a loop, never recursion.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import ClassVar
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from crawler.extract import fields, generic_dates
from crawler.extract import generic_rules as rules
from crawler.extract.body import extract_body
from crawler.extract.generic_score import Lengths, best_container, hint, is_noise, measure, paragraph_text_length
from crawler.extract.page import Page, clean
from crawler.items import Article, Image
from crawler.sites.base import Discovery, Site, Template

PARSER = "generic.v1"
NOT_ARTICLE = "generic.v1.not_article"
_NO_PATH = re.compile(r"(?!)")
_CAPTIONS = CSSSelector(rules.CAPTION_CSS, translator="html")


class GenericTemplate(Template):
    """The template-shaped data the shared machinery (`clean`, `extract_body`, `fields`) reads."""

    parser = PARSER
    probe = "html"
    body = ""
    caption = rules.CAPTION_CSS
    tags = rules.TAGS_CSS
    breadcrumb = rules.BREADCRUMB_CSS
    related_headings: ClassVar[tuple[str, ...]] = rules.RELATED_BOX_HEADINGS


def generic_site(url: str) -> Site:
    """The site of a URL no profile serves: its host without a leading `www.` or `m.`."""
    host = (urlsplit(url).hostname or "").lower()
    domain = re.sub(r"^(?:www\d?|m)\.", "", host)
    return Site(
        key="generic",
        domain=domain,
        hosts=frozenset({host, domain, f"www.{domain}", f"m.{domain}"}),
        language="vi",
        agency_prefix=rules.AGENCY_PREFIX,
        templates=(),
        discovery=Discovery(start_urls=(), sitemap_urls=(), listings=(), article_url=_NO_PATH),
    )


def extract_generic(page: Page, site: Site) -> Article:
    article = Article(
        url=page.url, canonical_url=fields.canonical_url(page, site), site=site.domain, language=site.language
    )
    clean(page, GenericTemplate)
    root = page.selector.root
    _paragraphs_from_breaks(root)
    heading = _main_heading(page)
    lengths = measure(root)
    container = best_container(root, heading, lengths)
    if container is None or _is_not_article(page, heading, container, lengths):
        article.parser = NOT_ARTICLE
    else:
        _fill(article, page, site, heading, container, _header_zone(lengths, heading, container))
    return article


def _fill(
    article: Article,
    page: Page,
    site: Site,
    heading: HtmlElement | None,
    container: HtmlElement,
    zone: list[HtmlElement],
) -> None:
    """Header fields from the header zone and metadata, then the body from the cleaned container."""
    article.parser = PARSER
    article.title = _title(page, heading)
    lead_element, lead_text = _lead(page, zone, container)
    article.lead, article.agency_prefix = split_agency(lead_text, site)
    article.published_at = generic_dates.published_at(page, heading, zone)
    article.updated_at = generic_dates.updated_at(page, heading)
    article.category = fields.category(page, GenericTemplate, article.title)
    article.tags = fields.tags(page, GenericTemplate)
    header_author = _named_author(zone) or _named_author(_following(container))
    _clean_container(container, (heading, lead_element))
    _adopt_lead_images(container)
    body = extract_body(container, GenericTemplate, page.url)
    paragraphs, closing_author = _pop_closing_lines(body.paragraphs)
    article.body = _without_repeats_of(paragraphs, article.title, lead_text, article.lead)
    article.images = [_without_dangling_separator(image) for image in body.images]
    article.author = header_author or body.byline or closing_author or fields.ld_author(page)


def split_agency(text: str | None, site: Site) -> tuple[str | None, str | None]:
    """The lead without its source prefix, and the prefix's agency: the site's own prefix first, then any
    short source name before a dash ("(Chinhphu.vn) - ", "QĐND - ", "TTXVN - ")."""
    if not text:
        return None, None
    for pattern in dict.fromkeys((site.agency_prefix, rules.AGENCY_PREFIX)):
        match = pattern.match(text)
        if match is None:
            continue
        agency = " ".join((match.groupdict().get("agency") or match.groupdict().get("word") or "").split())
        if _is_agency(agency, match):
            return text[match.end() :].strip() or None, agency
    return text, None


def _is_agency(agency: str, match: re.Match[str]) -> bool:
    if not agency:
        return False
    if match.groupdict().get("word"):
        return bool(rules.AGENCY_WORD.match(agency))
    return len(agency.split()) <= 4


# --- structure -----------------------------------------------------------------------------------------


def _paragraphs_from_breaks(root: HtmlElement) -> None:
    """Text written as runs separated by blank lines (`<br><br>`) becomes one <p> per run, so that old
    CMSs' bodies score and split like paragraph markup."""
    holders = dict.fromkeys(br.getparent() for br in root.iter("br") if _is_blank_line(br))
    for holder in holders:
        paragraphs = [holder.makeelement("p", {})]
        paragraphs[0].text, holder.text = holder.text, None
        blank_lines = {child for child in holder if _is_blank_line(child)}
        after_blank_line = False
        for child in list(holder):
            holder.remove(child)
            if child in blank_lines:
                paragraphs.append(holder.makeelement("p", {}))
            elif child.tag == "br" and after_blank_line:
                paragraphs[-1].text = (paragraphs[-1].text or "") + (child.tail or "")
            else:
                paragraphs[-1].append(child)
            after_blank_line = child in blank_lines
        holder.extend(p for p in paragraphs if len(p) or (p.text or "").strip())


def _is_blank_line(element: HtmlElement) -> bool:
    """A <br> right before another <br>, with nothing but spaces between them."""
    following = element.getnext()
    return (
        element.tag == "br" and following is not None and following.tag == "br" and not (element.tail or "").strip()
    )


# --- title -------------------------------------------------------------------------------------------


def _main_heading(page: Page) -> HtmlElement | None:
    """The <h1> of the article: not in the site header, a link or a logo; the one the page's own headline
    metadata names when several remain."""
    memo: dict[HtmlElement, bool] = {}
    candidates = [h1 for h1 in page.selector.root.iter("h1") if fields.element_text(h1) and not _in_chrome(h1, memo)]
    if not candidates:
        return _element_stating(page, _reference_title(page))
    if len(candidates) == 1:
        return candidates[0]
    reference = _fold(_reference_title(page) or "")
    return max(candidates, key=lambda h1: _overlap(_fold(fields.element_text(h1)), reference))


def _element_stating(page: Page, headline: str | None) -> HtmlElement | None:
    """Without an <h1>, the headline is the element (a styled div or span of old CMSs) whose text is the
    headline the metadata states: the anchor of the header zone."""
    if not headline:
        return None
    wanted = _fold(headline)
    memo: dict[HtmlElement, bool] = {}
    for element in page.selector.root.iter(*rules.TITLE_TAGS):
        own = _fold(element.text or "")
        states = own and wanted.startswith(own) and _fold(fields.element_text(element)) == wanted
        if states and not _in_chrome(element, memo):
            return element
    return None


def _title(page: Page, heading: HtmlElement | None) -> str | None:
    if heading is not None:
        return fields.element_text(heading)
    return _reference_title(page)


def _reference_title(page: Page) -> str | None:
    """The headline the page states in its metadata, without the site name og:title and <title> carry."""
    headline = page.ld_article.get("headline")
    if isinstance(headline, str) and headline.strip():
        return " ".join(headline.split())
    text = page.meta_first("og:title") or page.selector.xpath("string(//title)").get()
    if not text or not text.strip():
        return None
    parts = rules.TITLE_SUFFIX.split(" ".join(text.split()))
    return max(parts, key=len)


def _overlap(text: str, reference: str) -> float:
    words, wanted = set(text.split()), set(reference.split())
    return len(words & wanted) / len(words | wanted) if words | wanted else 0.0


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _in_chrome(element: HtmlElement, memo: dict[HtmlElement, bool]) -> bool:
    """Inside the site's header, navigation, footer, a sidebar or a link (a logo <h1>, a teaser title).
    `memo` keeps the verdict of every ancestor walked, for the next element of the same page."""
    path = []
    node = element.getparent()
    while node is not None and node not in memo:
        if _is_chrome_block(node):
            memo[node] = True
            break
        path.append(node)
        node = node.getparent()
    verdict = memo[node] if node is not None else False
    memo.update(dict.fromkeys(path, verdict))
    return verdict


def _is_chrome_block(node: HtmlElement) -> bool:
    is_site_header = node.tag == "header" and _is_site_header(node)
    return node.tag in {"a", "nav", "footer", "aside"} or is_site_header or is_noise(node)


def _is_site_header(header: HtmlElement) -> bool:
    return header.getparent() is not None and header.getparent().tag == "body"


# --- header zone: visible date, author, lead -----------------------------------------------------------


def _header_zone(lengths: Lengths, heading: HtmlElement | None, container: HtmlElement) -> list[HtmlElement]:
    """Elements of the article header, closest to the <h1> first: after it, up to the first real body
    paragraph; before it, only inside the <h1>'s own block. Chrome (site header, sidebars, links,
    related lists) never belongs to it."""
    if heading is None:
        return []
    elements = lengths.elements
    index = lengths.order[heading]
    after: list[HtmlElement] = []
    for element in elements[index + 1 : index + 1 + rules.HEADER_WINDOW]:
        if _is_body_start(element, container, lengths):
            break
        after.append(element)
    block = heading.getparent()
    before = [
        element
        for element in reversed(elements[max(0, index - rules.HEADER_BEFORE) : index])
        if block is not None and _is_inside(element, block)
    ]
    memo: dict[HtmlElement, bool] = {}
    return [element for element in after + before if _is_zone_element(element) and not _in_chrome(element, memo)]


def _is_zone_element(element: HtmlElement) -> bool:
    """Links are other pages' (a category, a related story), except the one naming the author."""
    return element.tag != "a" or "author" in (element.get("rel") or "").split()


def _is_body_start(element: HtmlElement, container: HtmlElement, lengths: Lengths) -> bool:
    return (
        element.tag == "p"
        and paragraph_text_length(element, lengths) >= 60
        and _is_inside(element, container)
        and not _lead_hinted(element, container)
    )


def _lead_hinted(element: HtmlElement, stop: HtmlElement) -> bool:
    node: HtmlElement | None = element
    while node is not None and node is not stop:
        if hint(node, rules.LEAD_HINT) or node.get("itemprop") == "description":
            return True
        node = node.getparent()
    return False


def _is_inside(element: HtmlElement, ancestor: HtmlElement) -> bool:
    return any(node is ancestor for node in element.iterancestors())


def _lead(page: Page, zone: list[HtmlElement], container: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    """The sapo: a lead-named element of the header, else an all-bold first paragraph of the body, else
    the description the page states in its metadata."""
    for element in zone:
        text = fields.element_text(element)
        named = hint(element, rules.LEAD_HINT) or element.get("itemprop") == "description"
        if named and rules.LEAD_MIN_CHARS <= len(text) <= rules.LEAD_MAX_CHARS:
            return element, text
    first = next((p for p in container.iter("p") if fields.element_text(p)), None)
    if first is not None and _is_all_bold(first) and len(fields.element_text(first)) >= 40:
        return first, fields.element_text(first)
    description = page.ld_article.get("description")
    if isinstance(description, str) and description.strip():
        return None, " ".join(description.split())
    return None, page.meta_first("og:description", "description")


def _is_all_bold(element: HtmlElement) -> bool:
    text = fields.element_text(element)
    bold = " ".join(" ".join(fields.element_text(node) for node in element.iter("strong", "b")).split())
    return bool(text) and bold == text


def _following(container: HtmlElement) -> list[HtmlElement]:
    """The elements right after the body in its block (an author line printed under the text)."""
    return [node for sibling in container.itersiblings() if not is_noise(sibling) for node in sibling.iter()]


def _named_author(elements: list[HtmlElement]) -> str | None:
    """The text of the first author-named element (the innermost of nested ones) that reads as a name."""
    for element in elements:
        if _is_author_element(element) and not any(_is_author_element(node) for node in element.iterdescendants()):
            name = _author_name(fields.element_text(element))
            if name:
                return name
    return None


def _is_author_element(element: HtmlElement) -> bool:
    return isinstance(element.tag, str) and (
        hint(element, rules.AUTHOR_HINT)
        or element.get("itemprop") == "author"
        or "author" in (element.get("rel") or "").split()
    )


def _author_name(text: str) -> str | None:
    text = rules.AUTHOR_LABEL.sub("", text).strip(" ()-|–")
    words = text.split()
    too_long = len(words) > rules.BYLINE_MAX_WORDS or len(text) > rules.BYLINE_MAX_CHARS
    if not words or too_long or any(char.isdigit() for char in text) or text.casefold() in rules.NOT_AUTHORS:
        return None
    return " ".join(words)


# --- not an article ----------------------------------------------------------------------------------


def _is_not_article(page: Page, heading: HtmlElement | None, container: HtmlElement, lengths: Lengths) -> bool:
    """A list of articles (category, tag, search, home page), or a page with no article text."""
    listing_url = _looks_like_listing_url(page.url)
    states_article = bool(page.ld_article) or page.meta_first("og:type") == "article" or bool(
        page.meta.get("article:published_time")
    )
    text = lengths.text.get(container, 0) - lengths.linked.get(container, 0)
    if _teasers(container, lengths) >= rules.TEASER_LIMIT:
        return True
    if listing_url and not states_article:
        return True
    if heading is None and not states_article and sum(1 for _ in container.iter("p")) < 2:
        return True  # no headline, no metadata, no run of paragraphs: a front page's lead story box
    return text < rules.MIN_ARTICLE_CHARS and (heading is None or not states_article)


def _looks_like_listing_url(url: str) -> bool:
    parts = urlsplit(url)
    if rules.SEARCH_QUERY.search(parts.query):
        return True
    last_segment = parts.path.rstrip("/").rsplit("/", 1)[-1]
    return bool(rules.LISTING_PATH.search(parts.path)) and not rules.ARTICLE_ID.search(last_segment)


def _teasers(container: HtmlElement, lengths: Lengths) -> int:
    """Items of a list of articles inside the container, out of noise boxes: linked headings, article
    cards, and items opened by a headline link and followed by a description (search results)."""
    count = 0
    for element in container.iter("h2", "h3", "h4", "h5", "article", "a"):
        if element is container or any(is_noise(node) for node in _ancestors_within(element, container)):
            continue
        if element.tag == "a":
            count += _is_headline_item(element, lengths)
            continue
        linked = element.tag == "article" or any(True for _ in element.iter("a")) or _has_ancestor(element, "a")
        count += linked
    return count


def _is_headline_item(link: HtmlElement, lengths: Lengths) -> bool:
    """A list item (li, div) that starts with a headline-long link and goes on with a description."""
    item = link.getparent()
    if item is None or item.tag not in {"li", "div"} or item.index(link) != 0 or (item.text or "").strip():
        return False
    headline = lengths.text.get(link, 0)
    description = lengths.text.get(item, 0) - lengths.linked.get(item, 0)
    return headline >= rules.HEADLINE_MIN_CHARS and description >= rules.DESCRIPTION_MIN_CHARS


def _ancestors_within(element: HtmlElement, container: HtmlElement) -> list[HtmlElement]:
    found = []
    for ancestor in element.iterancestors():
        if ancestor is container:
            break
        found.append(ancestor)
    return found


def _has_ancestor(element: HtmlElement, tag: str) -> bool:
    return any(ancestor.tag == tag for ancestor in element.iterancestors())


# --- body cleaning -------------------------------------------------------------------------------------


def _clean_container(container: HtmlElement, taken: tuple[HtmlElement | None, ...]) -> None:
    """Remove from the body what the header already gave (title, lead) and what is never content: noise
    boxes by tag or class name, and inline "Xem thêm: ..." pointers to other articles."""
    doomed = [element for element in taken if element is not None and _is_inside(element, container)]
    for caption in _CAPTIONS(container):
        box = _image_box_of(caption, container)
        if box is not None:
            box.tag = "figure"  # the shape `extract_body` takes with its caption, as a whole
    for element in container.iter():
        if not isinstance(element.tag, str) or element is container:
            continue
        if element.tag in rules.NOISE_TAGS or is_noise(element) or _is_related_line(element):
            doomed.append(element)
        elif element.tag in rules.TEASER_HEADINGS and _is_linked_headline(element):
            doomed.append(_teaser_of(element, container))
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _image_box_of(caption: HtmlElement, container: HtmlElement) -> HtmlElement | None:
    """The nearest wrapper of the caption holding one image (WordPress `wp-caption`, portals' photo
    boxes), None when the nearest wrapper with images holds several or the caption is a <figure>'s."""
    for ancestor in caption.iterancestors():
        if ancestor is container or ancestor.tag == "figure":
            return None
        images = sum(1 for _ in ancestor.iter("img"))
        if images:
            fits = images == 1 and ancestor.tag in {"div", "span", "p"}
            return ancestor if fits and len(fields.element_text(ancestor)) <= rules.LEAD_MAX_CHARS else None
    return None


def _adopt_lead_images(container: HtmlElement) -> None:
    """The image boxes standing right before the body in its block (CMS image fields, a lead photo and
    its caption line) belong to the article: they are moved into the body to be taken with it."""
    adopted = []
    sibling = container.getprevious()
    while sibling is not None and _is_image_or_caption(sibling):
        adopted.append(sibling)
        sibling = sibling.getprevious()
    for element in adopted:  # nearest first, each inserted at the top: document order is kept
        container.insert(0, element)


def _is_image_or_caption(element: HtmlElement) -> bool:
    if not isinstance(element.tag, str) or is_noise(element) or element.tag in rules.NOISE_TAGS:
        return False
    has_image = any(True for _ in element.iter("img"))
    text = fields.element_text(element)
    is_caption = bool(text) and bool(_CAPTIONS(element))  # the selector matches the element itself too
    return (has_image or is_caption) and len(text) <= rules.LEAD_IMAGE_MAX_CHARS


def _is_linked_headline(heading: HtmlElement) -> bool:
    text = fields.element_text(heading)
    linked = sum(len(fields.element_text(link)) for link in heading.iter("a"))
    return len(text) >= rules.HEADLINE_MIN_CHARS and linked >= len(text) / 2


def _teaser_of(heading: HtmlElement, container: HtmlElement) -> HtmlElement:
    """A linked headline inside a body points to another article: its card (the headline with its
    description and date) goes with it, or the headline alone when it stands straight in the body."""
    card = heading.getparent()
    if card is None or card is container or len(fields.element_text(card)) > rules.TEASER_CARD_MAX_CHARS:
        return heading
    return card


def _is_related_line(element: HtmlElement) -> bool:
    if element.tag not in {"p", "div", "li", "strong", "b"}:
        return False
    opening = " ".join("".join(islice(element.itertext(), 4)).split())
    if not rules.RELATED_LINE.match(opening):
        return False
    text = fields.element_text(element)
    linked = sum(len(fields.element_text(link)) for link in element.iter("a"))
    return linked >= len(text) / 2


def _pop_closing_lines(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Drop the closing byline ("Bài và ảnh: Minh Anh", "NGUYỄN VĂN AN") and source lines
    ("(TTXVN/Vietnam+)", "Theo TTXVN") from the end of the body; the byline's name is the author."""
    kept = list(paragraphs)
    author = None
    while kept:
        last = kept[-1]
        name = _byline_name(last)
        if name is not None:
            author = author or name
        elif not _is_source_line(last):
            break
        kept.pop()
    return kept, author


def _byline_name(line: str) -> str | None:
    if match := rules.BYLINE_LINE.match(line):
        return " ".join(match["name"].split())
    words = line.split()
    letters = [char for char in line if char.isalpha()]
    is_upper_name = (
        1 < len(words) <= rules.BYLINE_MAX_WORDS
        and len(line) <= rules.BYLINE_MAX_CHARS
        and letters
        and all(char.isupper() for char in letters)
        and not re.search(r"[.:;!?]$", line)
    )
    return " ".join(words) if is_upper_name else None


def _is_source_line(line: str) -> bool:
    """"(TTXVN/Vietnam+)", "Theo Báo Nhân Dân": an agency (abbreviation, domain, "X/Y") or a proper name."""
    match = rules.SOURCE_LINE.match(line) or rules.SOURCE_AFTER_THEO.match(line)
    if match is None:
        return False
    source = match["source"]
    return bool(rules.SOURCE_NAME.search(source)) or all(word[0].isupper() for word in source.split())


def _without_dangling_separator(image: Image) -> Image:
    """"Thủ tướng phát biểu - Ảnh: VGP" leaves "Thủ tướng phát biểu -" once the credit is split off."""
    caption = rules.DANGLING_SEPARATOR.sub("", image["caption"] or "") or None
    return Image(url=image["url"], caption=caption, credit=image["credit"])


def _without_repeats_of(paragraphs: list[str], *texts: str | None) -> list[str]:
    """The body without the headline or lead repeated as its first paragraph."""
    repeated = {_fold(text) for text in texts if text}
    while paragraphs and _fold(paragraphs[0]) in repeated:
        paragraphs = paragraphs[1:]
    return paragraphs
