"""Bytes to text for Vietnamese pages, and repair of pre-Unicode (TCVN3 / VNI-Windows) text.

Archives from before ~2005 often hold text typed in .VnTime (TCVN3) or VNI-Times fonts: one or two
Latin-1 characters per Vietnamese letter ("Céng hoµ x· héi chñ nghÜa ViÖt Nam"). The conversion tables
come from `viparse`; this module decides when converting is safe.
"""

import codecs
import re
import unicodedata

from index.vietnamese import is_syllable

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Charsets whose label is believed outright; any other label is only used when the bytes are not UTF-8
# (several sites declare one charset and send another).
_TRUSTED_CODECS = frozenset({"utf-8", "cp1258"})

# Letters Latin-1/cp1252 cannot hold: their presence means the text is already real Unicode Vietnamese.
_UNICODE_VIETNAMESE_LETTER = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_LATIN1_UPPER_HALF = re.compile("[\u0080-\u00ff]")
_WORD = re.compile(r"[^\W\d_]+")
# A conversion is kept only when it turns mostly non-syllables into mostly Vietnamese syllables; the
# frequency detector alone cannot tell short legacy strings from real Vietnamese ("Bé" -> "Bộ").
_MIN_SYLLABLE_SHARE = 0.7
_MIN_SYLLABLE_GAIN = 0.25


def decode_html(body: bytes, declared: str | None) -> str:
    """Text of an HTML body: byte-order mark, then a UTF-8 or Windows-1258 charset from the HTTP header
    or a meta tag, then UTF-8 if the bytes are valid UTF-8, then the declared single-byte charset (so
    that legacy text reaches `repair_legacy_text`), else UTF-8 with replacement characters."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if body.startswith(mark):
            return body.decode(codec, errors="replace")
    labels = [_codec_name(declared), _codec_name(_meta_charset(body))]
    for codec in labels:
        if codec in _TRUSTED_CODECS:
            return _decode(body, codec)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        fallback = next((codec for codec in labels if codec is not None), "utf-8")
        return _decode(body, fallback)


def repair_legacy_text(text: str) -> str:
    """The text converted to Unicode when it is TCVN3 or VNI-Windows seen through Latin-1/cp1252;
    otherwise the text unchanged (real Unicode Vietnamese, foreign languages, short doubtful strings)."""
    if _UNICODE_VIETNAMESE_LETTER.search(text) or not _LATIN1_UPPER_HALF.search(text):
        return text
    converted = _convert_detected_legacy(text)
    if converted is None:
        return text
    before, after = _syllable_share(text), _syllable_share(converted)
    if after < _MIN_SYLLABLE_SHARE or after - before < _MIN_SYLLABLE_GAIN:
        return text
    return converted


def _convert_detected_legacy(text: str) -> str | None:
    # Imported here: viparse builds its tables and model at import, which query-time callers never need.
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.tables import convert
    from viparse.normalize.tcvn3 import TCVN3
    from viparse.normalize.vni import VNI

    candidates = {TCVN3.name: TCVN3, VNI.name: VNI}
    detection = detect_encoding_by_content(text, candidates)
    if detection.encoding is None:
        return None
    return convert(text, candidates[detection.encoding])


def _syllable_share(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(1 for word in words if is_syllable(word)) / len(words)


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label (`windows-1258` -> `cp1258`), None if unknown.
    Browsers read the Latin-1 label as windows-1252, and so do we."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name == "iso8859-1" else name


def _decode(body: bytes, codec: str) -> str:
    # cp1258 decodes to base letter + combining tone; NFC gives the precomposed letters.
    return unicodedata.normalize("NFC", body.decode(codec, errors="replace"))
