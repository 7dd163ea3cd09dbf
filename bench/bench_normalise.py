"""Speed of the Vietnamese text normaliser on a generated 1,000-syllable article.

Baseline: unicodedata.normalize("NFC") on the same text, measured in the same run.
Run: PYTHONPATH=. .venv/bin/python bench/bench_normalise.py [repetitions]
"""

import random
import sys
import time
import unicodedata
from collections.abc import Callable

from index.vietnamese import _canonical_syllable, clean_text, fold, normalize_text

# Common news syllables, including new-style tones (hoà, thuỷ, khoẻ) and an NFD one, so that the
# normaliser has real rewriting to do.
_SYLLABLE_TEXT = (
    "Kiểm toán Nhà nước đã công bố báo cáo năm 2023 về việc thực hiện nhiệm vụ kinh tế xã hội của "
    "các bộ ngành và địa phương trên cả nước Quốc hội Chính phủ Thủ tướng hoà thuỷ khoẻ quý "
    "người được thuở khuỷu ngoài hoàng tuỳ uỷ ban nhân dân thành phố Hồ Chí Minh Hà Nội Đà Nẵng "
    "tăng trưởng đầu tư ngân sách phát triển bền vững chuyển đổi số Vie\u0323\u0302t"
)
_SYLLABLES = _SYLLABLE_TEXT.split()
_ARTICLE_SYLLABLES = 1000


def generate_article(seed: int = 7) -> str:
    chooser = random.Random(seed)
    words = [chooser.choice(_SYLLABLES) for _ in range(_ARTICLE_SYLLABLES)]
    sentences = [" ".join(words[start : start + 20]) + "." for start in range(0, len(words), 20)]
    return " ".join(sentences)


def _clear_then_normalize(text: str) -> str:
    _canonical_syllable.cache_clear()
    return normalize_text(text)


def seconds_per_call(function: Callable[[str], str], text: str, repetitions: int) -> float:
    function(text)  # warm-up
    started = time.perf_counter()
    for _ in range(repetitions):
        function(text)
    return (time.perf_counter() - started) / repetitions


def main(argv: list[str]) -> int:
    repetitions = int(argv[1]) if len(argv) > 1 else 2000
    article = generate_article()
    baseline = seconds_per_call(lambda text: unicodedata.normalize("NFC", text), article, repetitions)
    rows = [
        ("unicodedata NFC (baseline)", baseline),
        ("normalize_text (warm cache)", seconds_per_call(normalize_text, article, repetitions)),
        ("normalize_text (cold cache)", seconds_per_call(_clear_then_normalize, article, repetitions)),
        ("clean_text (warm cache)", seconds_per_call(clean_text, article, repetitions)),
        ("fold (warm cache)", seconds_per_call(fold, article, repetitions)),
    ]
    print(f"{_ARTICLE_SYLLABLES}-syllable article, {len(article)} characters, {repetitions} repetitions")
    print(f"| {'operation':<28} | {'ms/article':>10} | {'syllables/s':>12} | {'x baseline':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 14}|{'-' * 12}|")
    for name, seconds in rows:
        print(
            f"| {name:<28} | {seconds * 1000:>10.3f} | {_ARTICLE_SYLLABLES / seconds:>12,.0f} "
            f"| {seconds / baseline:>10.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
