package vn.vnnews.analysis;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Vietnamese text rules shared by the char filter and the token filters: character clean-up,
 * NFC composition, canonical tone placement, folding and tone stripping.
 *
 * <p>{@link #normalize(CharSequence, OffsetSink)} reports where output offsets drift from input
 * offsets, so the char filter can correct token offsets.
 *
 * <p>Speed matters: every text field is analysed five times at index time. Text is cut into
 * segments (a word, or one non-letter cluster); plain segments (ASCII words, single chars below
 * the combining marks) are copied as they are, every other segment is analysed once per thread
 * and then served from a cache.
 */
final class VietnameseText {

    private VietnameseText() {}

    /** Receives offset corrections: from {@code outputIndex} on, input index = output index + diff. */
    @FunctionalInterface
    interface OffsetSink {
        void correct(int outputIndex, int diff);
    }

    /**
     * A normalised segment; {@code sourceOffsets[k]} is the segment offset that output char k came
     * from, or null when that is k itself (same length, char for char: true of almost every word).
     */
    private record Segment(String text, int[] sourceOffsets) {}

    /** The cached result for a segment that is already normalised (most words of real text). */
    private static final Segment UNCHANGED = new Segment("", null);

    private static final ThreadLocal<WordCache<Segment>> SEGMENTS = WordCache.perThread();

    private static final String TONES = "\u0300\u0301\u0303\u0309\u0323";
    private static final char BREVE = '\u0306';
    private static final char CIRCUMFLEX = '\u0302';
    private static final char HORN = '\u031B';
    /** No char below this is a combining mark, and NFC leaves such a char alone. */
    private static final char FIRST_COMBINING_MARK = '\u0300';
    /** No char below this carries a diacritic or is đ/ð, so folding and tone stripping keep it. */
    private static final char FIRST_DIACRITIC_LETTER = '\u00C0';

    /** Letters that carry a vowel modifier; the tone of a syllable goes on the last of them (ươ -> ơ). */
    private static final String HAT_VOWELS = "ăâêôơư";
    private static final String VOWELS = "aăâeêioôơuưy";
    private static final String[] INITIALS = {
        "ngh", "ng", "gh", "kh", "nh", "ph", "th", "tr", "ch", "gi", "qu",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x"
    };
    private static final String[] FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};

    static boolean isTone(char c) {
        return TONES.indexOf(c) >= 0;
    }

    /**
     * Clean-up, NFC and canonical tone placement (the table's {@code normalize}). Case is kept.
     * Corrections are reported in increasing output order, only where the diff changes (the
     * contract of Lucene's {@code BaseCharFilter.addOffCorrectMap}).
     */
    static String normalize(CharSequence raw, OffsetSink sink) {
        // A String, not the caller's CharSequence: the scans below are then monomorphic and fast.
        Composer composer = needsCleaning(raw) ? Composer.cleaned(raw, sink) : new Composer(raw.toString(), null, sink);
        return composer.compose();
    }

    static String normalizeToString(CharSequence raw) {
        return normalize(raw, (outputIndex, diff) -> {});
    }

    /** True when a token may change under {@link #fold} or {@link #stripTones}. */
    static boolean mayHaveDiacritics(char[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] >= FIRST_DIACRITIC_LETTER) {
                return true;
            }
        }
        return false;
    }

    private static boolean needsCleaning(CharSequence raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (isCleaned(c)) {
                return true;
            }
        }
        return false;
    }

    /** Same as {@code cleanChar(c) != c}, but quick for letters: this runs on every input char. */
    private static boolean isCleaned(char c) {
        if (c < '\u2000') {
            return c == '\u00A0' || c == '\u00AD' || c == '\u00D0' || c == '\u00F0';
        }
        return cleanChar(c) != c;
    }

    /** 0 means "drop the char". */
    private static char cleanChar(char c) {
        return switch (c) {
            case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD' -> 0;
            case '\u00A0', '\u202F' -> ' ';
            case '\u00D0' -> '\u0110';
            case '\u00F0' -> '\u0111';
            default -> c;
        };
    }

    /**
     * One normalisation run over cleaned text. {@code source} maps a cleaned index to the raw
     * index (null: clean-up changed nothing, the indexes are the same).
     */
    private static final class Composer {
        private final String text;
        private final int[] source;
        private final OffsetSink sink;
        private final WordCache<Segment> cache = SEGMENTS.get();
        /** Created on the first change: text that needs none is returned as it is. */
        private StringBuilder out;
        private int lastDiff;

        Composer(String text, int[] source, OffsetSink sink) {
            this.text = text;
            this.source = source;
            this.sink = sink;
        }

        static Composer cleaned(CharSequence raw, OffsetSink sink) {
            StringBuilder cleaned = new StringBuilder(raw.length());
            int[] source = new int[raw.length() + 1];
            for (int i = 0; i < raw.length(); i++) {
                char replacement = cleanChar(raw.charAt(i));
                if (replacement != 0) {
                    source[cleaned.length()] = i;
                    cleaned.append(replacement);
                }
            }
            source[cleaned.length()] = raw.length();
            return new Composer(cleaned.toString(), source, sink);
        }

        /** Copies runs of unchanged segments in one go; only changed segments are written apart. */
        String compose() {
            int unchangedFrom = 0;
            int start = 0;
            while (start < text.length()) {
                int end = segmentEnd(start);
                Segment segment = isPlain(start, end) ? UNCHANGED
                    : cache.get(text, start, end, VietnameseText::normaliseSegment);
                if (segment != UNCHANGED) {
                    append(text, unchangedFrom, start, unchangedFrom, null);
                    append(segment.text(), 0, segment.text().length(), start, segment.sourceOffsets());
                    unchangedFrom = end;
                }
                start = end;
            }
            if (out == null && source == null) {
                return text;
            }
            append(text, unchangedFrom, text.length(), unchangedFrom, null);
            map(out.length(), sourceOf(text.length()));
            return out.toString();
        }

        /**
         * A word is a run of letter clusters (a letter and the combining marks after it); anything
         * else is a segment of one cluster. One pass, one classification per char.
         */
        private int segmentEnd(int start) {
            int end = start;
            while (end < text.length()) {
                char c = text.charAt(end);
                if (c < 0x80) {
                    if (!isAsciiLetter(c)) {
                        break;
                    }
                    end++;
                } else if (Character.isLetter(text.codePointAt(end))) {
                    end += Character.charCount(text.codePointAt(end));
                } else if (end > start && isCombiningMark(c)) {
                    end++;
                } else {
                    break;
                }
            }
            return end > start ? end : clusterEnd(text, start);
        }

        /** ASCII words cannot carry a tone; a lone char below U+0300 is its own NFC form. */
        private boolean isPlain(int start, int end) {
            if (end - start == 1) {
                return text.charAt(start) < FIRST_COMBINING_MARK;
            }
            for (int i = start; i < end; i++) {
                if (text.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Appends {@code chars[from, to)}, which replace the segment starting at {@code start}:
         * char k came from {@code start + offsets[k]}, or from {@code start + k} when offsets is null.
         */
        private void append(CharSequence chars, int from, int to, int start, int[] offsets) {
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            if (offsets == null && source == null) {
                map(out.length(), start); // the diff cannot change inside the segment
                out.append(chars, from, to);
                return;
            }
            for (int k = 0; k < to - from; k++) {
                map(out.length(), sourceOf(start + (offsets == null ? k : offsets[k])));
                out.append(chars.charAt(from + k));
            }
        }

        private int sourceOf(int index) {
            return source == null ? index : source[index];
        }

        private void map(int outputIndex, int sourceIndex) {
            int diff = sourceIndex - outputIndex;
            if (diff != lastDiff) {
                sink.correct(outputIndex, diff);
                lastDiff = diff;
            }
        }
    }

    /** Tone placement (words only) and NFC per cluster; records where each output char came from. */
    private static Segment normaliseSegment(String segment) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < segment.length(); i = clusterEnd(segment, i)) {
            starts.add(i);
        }
        String[] clusters = new String[starts.size()];
        for (int c = 0; c < clusters.length; c++) {
            int end = c + 1 < clusters.length ? starts.get(c + 1) : segment.length();
            clusters[c] = segment.substring(starts.get(c), end);
        }
        boolean isWord = Character.isLetter(segment.codePointAt(0));
        String[] placed = isWord ? placeTone(clusters) : null;
        StringBuilder out = new StringBuilder(segment.length());
        int[] offsets = new int[segment.length() * 2];
        for (int c = 0; c < clusters.length; c++) {
            String composed = compose(placed == null ? clusters[c] : placed[c]);
            for (int k = 0; k < composed.length(); k++) {
                offsets = ensure(offsets, out.length() + 1);
                offsets[out.length()] = starts.get(c);
                out.append(composed.charAt(k));
            }
        }
        if (!isIdentity(offsets, out.length(), segment.length())) {
            return new Segment(out.toString(), Arrays.copyOf(offsets, out.length()));
        }
        return segment.contentEquals(out) ? UNCHANGED : new Segment(out.toString(), null);
    }

    private static boolean isIdentity(int[] offsets, int length, int inputLength) {
        if (length != inputLength) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (offsets[k] != k) {
                return false;
            }
        }
        return true;
    }

    private static int[] ensure(int[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int clusterEnd(String text, int start) {
        int end = start + Character.charCount(text.codePointAt(start));
        while (end < text.length() && isCombiningMark(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isCombiningMark(char c) {
        if (c < FIRST_COMBINING_MARK) {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK;
    }

    private static String compose(String cluster) {
        if (cluster.length() == 1 && cluster.charAt(0) < FIRST_COMBINING_MARK) {
            return cluster;
        }
        return Normalizer.normalize(cluster, Normalizer.Form.NFC);
    }

    /**
     * Moves the tone mark of a Vietnamese syllable (given as letter clusters) to its canonical
     * vowel. Returns null when the word is not a parseable syllable, has no tone, or has two
     * different tones: such words are only composed, never rewritten.
     */
    static String[] placeTone(String[] clusters) {
        int n = clusters.length;
        char[] bases = new char[n];
        char[] modifiers = new char[n];
        StringBuilder letters = new StringBuilder(n);
        char tone = 0;
        for (int c = 0; c < n; c++) {
            String decomposed = Normalizer.normalize(clusters[c], Normalizer.Form.NFD);
            bases[c] = decomposed.charAt(0);
            for (int k = 1; k < decomposed.length(); k++) {
                char mark = decomposed.charAt(k);
                if (isTone(mark)) {
                    if (tone != 0 && tone != mark) {
                        return null;
                    }
                    tone = mark;
                } else if (modifiers[c] == 0) {
                    modifiers[c] = mark;
                } else {
                    return null;
                }
            }
            char letter = vietnameseLetter(Character.toLowerCase(bases[c]), modifiers[c]);
            if (letter == 0) {
                return null;
            }
            letters.append(letter);
        }
        if (tone == 0) {
            return null;
        }
        int toneIndex = toneVowelIndex(letters);
        if (toneIndex < 0) {
            return null;
        }
        String[] placed = new String[n];
        for (int c = 0; c < n; c++) {
            StringBuilder cluster = new StringBuilder(3).append(bases[c]);
            if (modifiers[c] != 0) {
                cluster.append(modifiers[c]);
            }
            if (c == toneIndex) {
                cluster.append(tone);
            }
            placed[c] = cluster.toString();
        }
        return placed;
    }

    /** The Vietnamese letter for a lowercase base plus modifier, or 0 when it is not one. */
    private static char vietnameseLetter(char base, char modifier) {
        if (modifier == 0) {
            return "abcdđeghiklmnopqrstuvxy".indexOf(base) >= 0 ? base : 0;
        }
        return switch (base) {
            case 'a' -> modifier == BREVE ? 'ă' : modifier == CIRCUMFLEX ? 'â' : 0;
            case 'e' -> modifier == CIRCUMFLEX ? 'ê' : 0;
            case 'o' -> modifier == CIRCUMFLEX ? 'ô' : modifier == HORN ? 'ơ' : 0;
            case 'u' -> modifier == HORN ? 'ư' : 0;
            default -> 0;
        };
    }

    /**
     * Index (in the syllable) of the vowel that carries the tone, or -1 when the letters are not
     * initial + 1..3 vowels + final. Rules (first-vowel style for open oa/oe/uy): the last hat
     * vowel; else the only vowel; else, in a closed syllable, the last vowel; else the middle of
     * three; else the first of two.
     */
    static int toneVowelIndex(CharSequence syllable) {
        String s = syllable.toString();
        int start = initialLength(s);
        int end = start;
        while (end < s.length() && VOWELS.indexOf(s.charAt(end)) >= 0) {
            end++;
        }
        int vowelCount = end - start;
        if (vowelCount < 1 || vowelCount > 3 || !isFinal(s.substring(end))) {
            return -1;
        }
        for (int v = end - 1; v >= start; v--) {
            if (HAT_VOWELS.indexOf(s.charAt(v)) >= 0) {
                return v;
            }
        }
        if (vowelCount == 1) {
            return start;
        }
        if (end < s.length()) {
            return end - 1;
        }
        return vowelCount == 3 ? start + 1 : start;
    }

    /** qu and gi are initials only when a vowel follows (gìn = g + in, qua = qu + a). */
    private static int initialLength(String s) {
        for (String initial : INITIALS) {
            if (s.startsWith(initial)) {
                boolean glide = initial.equals("gi") || initial.equals("qu");
                if (glide && (s.length() == 2 || VOWELS.indexOf(s.charAt(2)) < 0)) {
                    continue;
                }
                return initial.length();
            }
        }
        return 0;
    }

    private static boolean isFinal(String rest) {
        for (String f : FINALS) {
            if (f.equals(rest)) {
                return true;
            }
        }
        return false;
    }

    /** Removes every diacritic (tones, hats, horns, breves) and maps đ/Đ (and eth) to d/D. */
    static String fold(String text) {
        if (isAscii(text)) {
            return text;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            switch (c) {
                case '\u0111', '\u00F0' -> out.append('d');
                case '\u0110', '\u00D0' -> out.append('D');
                default -> {
                    if (!isCombiningMark(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Removes only the five tone marks; keeps ă â ê ô ơ ư and đ. */
    static String stripTones(String text) {
        if (isAscii(text)) {
            return text;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (!isTone(c)) {
                out.append(c);
            }
        }
        return Normalizer.normalize(out, Normalizer.Form.NFC);
    }

    private static boolean isAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
