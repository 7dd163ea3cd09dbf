"""The article body: paragraphs, images with captions and credits, and the trailing byline.

Works on the template's body element, in this order, so that nothing but article text is left to
become paragraphs: related-article boxes out, images (and their captions) out, byline popped last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from cssselect import HTMLTranslator
from lxml import etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from crawler.extract.budget import check_time
from crawler.extract.fields import element_text
from crawler.extract.page import drop_all, drop_hollowed, hollow
from crawler.items import Image
from crawler.sites.base import Template

PARAGRAPH_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "pre", "dd"})
BLOCK_TAGS = PARAGRAPH_TAGS | {"ul", "ol", "table", "tbody", "tr", "figure", "section", "article", "dl", "h1"}
HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b")
IMAGE_HOLDER_TAGS = frozenset({"p", "div", "center"})
LAZY_SOURCES = ("data-src", "data-original", "data-lazy-src", "src")
# Searched in the last segment of the image URL's path.
ICON = re.compile(r"(?i)(?:^|[_-])(?:icon|logo|emoji|avatar|spacer|blank|pixel)|\.svg$")
# "... cho các đơn vị. Ảnh: hanoi.gov.vn" / "... (Ảnh: Thanh Hà)" / "... Nguồn: TTXVN": the label, then a
# credit without brackets up to the end (but for one closing bracket). Matched by `split_credit` in
# linear time: a regex spanning the whole credit backtracks quadratically on 20,000 "(".
CREDIT_LABEL = re.compile(r"\b(?:Ảnh|Nguồn ảnh|Nguồn)\s*:", re.IGNORECASE)
BRACKETS = "()[]"
BYLINE_MAX_CHARS = 60
BYLINE_MAX_WORDS = 8
LINK_BOX_DENSITY = 0.5
CAPTION_MAX_CHARS = 400
TABLE_CELL_MAX_CHARS = 400  # a longer cell is the text of a layout table, not a value


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    byline: str | None = None


def extract_body(container: HtmlElement | None, template: type[Template], base_url: str) -> Body:
    if container is None:
        return Body()
    _drop_related_boxes(container, template.related_headings)
    boxes = set(_image_boxes(container))
    taken = (_take_image(img, container, boxes, template, base_url) for img in list(container.iter("img")))
    images = [image for image in taken if image]
    drop_hollowed(container)
    drop_all(_css(template.caption)(container))
    check_time()
    blocks = list(_paragraph_blocks(container))
    byline = _pop_byline(blocks, container)
    return Body([text for _, text in blocks], images, byline)


@lru_cache(maxsize=64)
def _css(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


@lru_cache(maxsize=64)
def _self_css(css: str) -> etree.XPath:
    """The selector tested on one element only (not its subtree)."""
    return etree.XPath(HTMLTranslator().css_to_xpath(css, prefix="self::"))


def _matches(element: HtmlElement, css: str) -> bool:
    return bool(_self_css(css)(element))


# --- related boxes -----------------------------------------------------------------------------------


def _drop_related_boxes(container: HtmlElement, headings: tuple[str, ...]) -> None:
    wanted = {heading.casefold() for heading in headings}
    found = [el for el in container.iter(*HEADING_TAGS) if _heading_text(el) in wanted]
    plain: set[HtmlElement] = set()  # wrappers found not link-dense: not measured again for the next heading
    for heading in found:
        check_time()
        if _is_inside(heading, container):
            _drop_box_of(heading, container, plain)


def _heading_text(element: HtmlElement) -> str:
    check_time()
    text = element_text(element)
    return text.rstrip(" :").casefold() if len(text) < 40 else ""


def _drop_box_of(heading: HtmlElement, container: HtmlElement, plain: set[HtmlElement]) -> None:
    """Drop the link-dense wrapper around the heading; a bare heading takes its link list with it."""
    box = heading
    while (parent := box.getparent()) is not None and parent is not container and _is_new_link_box(parent, plain):
        box = parent
    if box is heading:
        following = heading.getnext()
        if following is not None and following.tag in {"ul", "ol", "div", "table"} and _is_link_box(following):
            hollow(following)
    hollow(box)


def _is_new_link_box(element: HtmlElement, plain: set[HtmlElement]) -> bool:
    if element in plain:
        return False
    if _is_link_box(element):
        return True
    plain.add(element)
    return False


def _is_link_box(element: HtmlElement) -> bool:
    return _link_density(element) >= LINK_BOX_DENSITY


def _link_density(element: HtmlElement) -> float:
    """Share of the element's text inside links, headings of related boxes not counted."""
    text = element_text(element)
    linked = sum(len(element_text(link)) for link in element.iter("a"))
    unlinked = len(text) - linked - sum(len(element_text(h)) for h in element.iter("h2", "h3", "h4", "strong"))
    return linked / (linked + max(unlinked, 0)) if linked else 0.0


def _is_inside(element: HtmlElement, container: HtmlElement) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


# --- images ------------------------------------------------------------------------------------------


def _image_boxes(container: HtmlElement) -> list[HtmlElement]:
    """Elements holding an image and its caption, removed whole with the image: figures, and tables laid
    out as one image over its caption (CKEditor's image table). Decided before any image is taken, so
    that taking one image of a layout table cannot turn the table into an image box."""
    return [box for box in container.iter("figure", "table") if box.tag == "figure" or _is_caption_table(box)]


def _is_caption_table(table: HtmlElement) -> bool:
    return sum(1 for _ in table.iter("img")) == 1 and len(element_text(table)) <= CAPTION_MAX_CHARS


def _take_image(
    img: HtmlElement, container: HtmlElement, boxes: set[HtmlElement], template: type[Template], base_url: str
) -> Image | None:
    """The image and its caption, both removed from the body."""
    check_time()
    if not _is_inside(img, container):
        return None  # its box was already taken with an earlier image
    url = _image_url(img, base_url)
    box = next((ancestor for ancestor in _ancestors_within(img, container) if ancestor in boxes), None)
    if box is not None:
        captions = _css(template.caption)(box)
        caption = element_text(captions[0]) if captions else None
        removed = box
    else:
        caption, removed = _caption_near(img, container, template)
    hollow(removed)
    if url is None:
        return None
    text, credit = split_credit(caption)
    return Image(url=url, caption=text, credit=credit)


def _image_url(img: HtmlElement, base_url: str) -> str | None:
    """Lazy-loading attributes first; `data:` placeholders and UI icons are not article images."""
    for attribute in LAZY_SOURCES:
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            try:
                url = urljoin(base_url, value)
            except ValueError:  # e.g. "Invalid IPv6 URL": no image, the other fields stand
                return None
            return None if ICON.search(url.split("?", 1)[0].rsplit("/", 1)[-1]) else url
    return None


def _ancestors_within(element: HtmlElement, container: HtmlElement) -> Iterator[HtmlElement]:
    for ancestor in element.iterancestors():
        if ancestor is container:
            return
        yield ancestor


def _ancestor(element: HtmlElement, container: HtmlElement, tags: frozenset[str]) -> HtmlElement | None:
    return next((ancestor for ancestor in _ancestors_within(element, container) if ancestor.tag in tags), None)


def _caption_near(img: HtmlElement, container: HtmlElement, template: type[Template]) -> tuple[str | None, HtmlElement]:
    """Caption of an image outside an image box: italic text next to it in its paragraph, or the
    caption-like paragraph right after. Returns the caption and the element to remove."""
    holder = _ancestor(img, container, IMAGE_HOLDER_TAGS)
    if holder is None:
        return None, img
    own_text = element_text(holder)
    if own_text:
        if _is_caption_like(holder, template):
            return own_text, holder
        return None, img  # an image inline in a real paragraph: keep the paragraph
    following = holder.getnext()
    if following is not None and _is_caption_like(following, template):
        caption = element_text(following)
        hollow(following)
        return caption, holder
    return None, holder


def _is_caption_like(element: HtmlElement, template: type[Template]) -> bool:
    text = element_text(element)
    if not text or len(text) > CAPTION_MAX_CHARS or element.tag not in IMAGE_HOLDER_TAGS | {"em", "i", "span"}:
        return False
    if _matches(element, template.caption) or _is_centred(element):
        return True
    italic = "".join(element_text(node) for node in element.iter("em", "i") if not _has_italic_ancestor(node, element))
    return " ".join(italic.split()) == text


def _has_italic_ancestor(node: HtmlElement, stop: HtmlElement) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in {"em", "i"}:
            return True
    return False


def _is_centred(element: HtmlElement) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (element.get("align") or "").lower() == "center"


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """("Chủ tịch ... cho các đơn vị.", "hanoi.gov.vn") from "Chủ tịch ... cho các đơn vị. Ảnh: hanoi.gov.vn"."""
    if not caption:
        return None, None
    end = len(caption.rstrip())
    if end and caption[end - 1] in ")]":
        end = len(caption[: end - 1].rstrip())
    after_brackets = max(caption.rfind(bracket, 0, end) for bracket in BRACKETS) + 1
    label = CREDIT_LABEL.search(caption, after_brackets, end)
    credit = caption[label.end() : end].strip() if label else ""
    if not credit:
        return caption, None
    # "... hội đàm - Ảnh: VGP": the dash before the label goes with it
    return caption[: label.start()].rstrip(" \t\n\r\f\v([–-").strip() or None, credit.strip(" .") or None


# --- paragraphs and byline ---------------------------------------------------------------------------


def _paragraph_blocks(element: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """The paragraphs under `element`, in document order, each with the element holding it: a block
    without blocks inside is one paragraph; in a block holding blocks, each run of text and inline
    elements between them is one too (text written straight into a container, next to its <p>s); a data
    table row is one paragraph, its cells joined by " | ". Walked with an explicit stack: pages nest
    blocks thousands deep."""
    holding = _elements_holding_blocks(element)
    stack = [_block_steps(element, holding)]
    while stack:
        check_time()
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
        elif isinstance(step, tuple):
            yield step
        else:
            stack.append(_block_steps(step, holding))


def _block_steps(
    element: HtmlElement, holding: set[HtmlElement]
) -> Iterator[tuple[HtmlElement, str] | HtmlElement]:
    """One element's own paragraphs, and in their place each child block to walk into."""
    if element.tag == "tr" and _is_data_row(element):
        if text := " | ".join(filter(None, (element_text(cell) for cell in element if cell.tag in {"td", "th"}))):
            yield element, text
        return
    if element not in holding:
        if text := element_text(element):
            yield element, text
        return
    run = [element.text or ""]
    for child in element:
        if child.tag in BLOCK_TAGS or child in holding:
            yield from _text_run(element, run)
            yield child
            run = [child.tail or ""]
        else:
            run += [*child.itertext(), child.tail or ""]
    yield from _text_run(element, run)


def _is_data_row(row: HtmlElement) -> bool:
    """A row of a data table, not of a layout table holding the article (long cells, nested tables)."""
    cells = [cell for cell in row if cell.tag in {"td", "th"}]
    return all(len(element_text(cell)) <= TABLE_CELL_MAX_CHARS and not cell.xpath(".//table") for cell in cells)



def _elements_holding_blocks(container: HtmlElement) -> set[HtmlElement]:
    """The elements (container included) with a block element somewhere inside, in one pass: each
    block marks its ancestors, stopping at one already marked."""
    holding: set[HtmlElement] = set()
    for block in container.iterdescendants(*BLOCK_TAGS):
        for ancestor in block.iterancestors():
            if ancestor in holding:
                break
            holding.add(ancestor)
            if ancestor is container:
                break
    return holding


def _text_run(element: HtmlElement, pieces: list[str]) -> Iterator[tuple[HtmlElement, str]]:
    if text := " ".join("".join(pieces).split()):
        yield element, text


def _pop_byline(blocks: list[tuple[HtmlElement, str]], container: HtmlElement) -> str | None:
    """The author line many articles end with: short, no sentence punctuation, right-aligned or bold."""
    if not blocks:
        return None
    element, text = blocks[-1]
    looks_like_name = (
        len(text) <= BYLINE_MAX_CHARS and len(text.split()) <= BYLINE_MAX_WORDS and not re.search(r"[:;!?…]|\.$", text)
    )
    if looks_like_name and (_looks_like_byline_block(element, container) or _is_all_bold(element, text)):
        blocks.pop()
        return text
    return None


def _looks_like_byline_block(element: HtmlElement, container: HtmlElement) -> bool:
    """Right-aligned, or in an element whose class names the author."""
    for node in (element, *element.iterancestors()):
        if node is container:
            return False
        style = (node.get("style") or "").replace(" ", "").lower()
        if "text-align:right" in style or (node.get("align") or "").lower() == "right":
            return True
        if "author" in (node.get("class") or ""):
            return True
    return False


def _is_all_bold(element: HtmlElement, text: str) -> bool:
    bold = " ".join(" ".join(element_text(node) for node in element.iter("strong", "b")).split())
    return bold == text
