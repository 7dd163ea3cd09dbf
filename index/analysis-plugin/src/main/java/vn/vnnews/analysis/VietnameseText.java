package vn.vnnews.analysis;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Vietnamese text rules shared by the char filter and the token filters: character clean-up,
 * NFC composition, canonical tone placement, folding and tone stripping.
 *
 * <p>{@link #normalize(CharSequence)} keeps, for every output char, the index of the input char it
 * came from, so the char filter can correct token offsets.
 */
final class VietnameseText {

    private VietnameseText() {}

    /** Normalised text plus, for each output index (and the end), the input index it came from. */
    record Mapped(String text, int[] sourceIndex) {}

    private static final String TONES = "\u0300\u0301\u0303\u0309\u0323";
    private static final char BREVE = '\u0306';
    private static final char CIRCUMFLEX = '\u0302';
    private static final char HORN = '\u031B';

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

    /** Clean-up, NFC and canonical tone placement (the table's {@code normalize}). Case is kept. */
    static Mapped normalize(CharSequence raw) {
        StringBuilder cleaned = new StringBuilder(raw.length());
        int[] cleanedSource = new int[raw.length() + 1];
        for (int i = 0; i < raw.length(); i++) {
            char replacement = cleanChar(raw.charAt(i));
            if (replacement != 0) {
                cleanedSource[cleaned.length()] = i;
                cleaned.append(replacement);
            }
        }
        cleanedSource[cleaned.length()] = raw.length();
        return composeWords(cleaned, cleanedSource);
    }

    static String normalizeToString(CharSequence raw) {
        return normalize(raw).text();
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
     * Splits the text into clusters (a code point plus its combining marks) and words (runs of
     * letter clusters); words get tone placement, every cluster is composed to NFC.
     */
    private static Mapped composeWords(CharSequence text, int[] source) {
        StringBuilder out = new StringBuilder(text.length());
        int[] outSource = new int[text.length() * 2 + 2];
        int i = 0;
        while (i < text.length()) {
            int wordEnd = i;
            List<int[]> clusters = new ArrayList<>();
            while (wordEnd < text.length() && Character.isLetter(Character.codePointAt(text, wordEnd))) {
                int clusterEnd = clusterEnd(text, wordEnd);
                clusters.add(new int[] {wordEnd, clusterEnd});
                wordEnd = clusterEnd;
            }
            boolean isWord = !clusters.isEmpty();
            if (!isWord) {
                clusters.add(new int[] {i, clusterEnd(text, i)});
            }
            String[] parts = new String[clusters.size()];
            for (int c = 0; c < parts.length; c++) {
                parts[c] = text.subSequence(clusters.get(c)[0], clusters.get(c)[1]).toString();
            }
            boolean mayCarryTone = isWord && !isAscii(text.subSequence(i, wordEnd));
            String[] placed = mayCarryTone ? placeTone(parts) : null;
            for (int c = 0; c < parts.length; c++) {
                String composed = compose(placed == null ? parts[c] : placed[c]);
                int from = source[clusters.get(c)[0]];
                for (int k = 0; k < composed.length(); k++) {
                    outSource = ensure(outSource, out.length() + 2);
                    outSource[out.length()] = from;
                    out.append(composed.charAt(k));
                }
            }
            i = clusters.get(clusters.size() - 1)[1];
        }
        outSource[out.length()] = source[text.length()];
        return new Mapped(out.toString(), Arrays.copyOf(outSource, out.length() + 1));
    }

    private static int[] ensure(int[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }

    private static int clusterEnd(CharSequence text, int start) {
        int end = start + Character.charCount(Character.codePointAt(text, start));
        while (end < text.length() && isCombiningMark(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isCombiningMark(char c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK;
    }

    private static String compose(String cluster) {
        if (cluster.length() == 1 && cluster.charAt(0) < '\u0300') {
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
