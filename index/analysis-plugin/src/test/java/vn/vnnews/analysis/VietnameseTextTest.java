package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VietnameseTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // open oa / oe / uy: first vowel
        "hoà, hòa", "Hoà, Hòa", "HOÀ, HÒA", "thuỷ, thủy", "khoẻ, khỏe", "uý, úy", "Uỷ, Ủy", "tuỳ, tùy", "oà, òa",
        // qu and gi are initials
        "quý, quý", "qúy, quý", "qùynh, quỳnh", "qúa, quá", "quả, quả", "gìa, già", "gìn, gìn", "gì, gì",
        "giữ, giữ", "gíêng, giếng",
        // closed syllable: last vowel
        "hòang, hoàng", "hoàng, hoàng", "tóan, toán", "hùynh, huỳnh", "khóet, khoét",
        // hat vowels win, ươ -> ơ
        "ngừơi, người", "lựơng, lượng", "rựơu, rượu", "thủơ, thuở", "tìên, tiền", "tùân, tuần", "túân, tuấn", "xóăn, xoắn",
        "cừu, cừu", "huế, huế", "thuyền, thuyền",
        // three vowels open: middle; other open pairs: first
        "ngòai, ngoài", "xòay, xoày", "khủyu, khuỷu", "ngoẹo, ngoẹo", "múa, múa", "bìa, bìa", "túi, túi",
        "máy, máy", "cháo, cháo",
        // duplicated identical marks merged
        "bíết, biết",
        // left alone: not a syllable, two different tones, no tone
        "café, café", "Zalo, Zalo", "hóà, hóà", "TP.HCM, TP.HCM", "khuya, khuya", "Covid-19, Covid-19",
    })
    void placesTonesCanonically(String input, String expected) {
        assertEquals(expected, VietnameseText.normalizeToString(input));
    }

    @Test
    void composesDecomposedAndWindows1258Text() {
        assertEquals("Việt Nam", VietnameseText.normalizeToString("Vie\u0323\u0302t Nam"));
        assertEquals("Việt Nam", VietnameseText.normalizeToString("Vi\u00ea\u0323t Nam"));
        assertEquals("Hòa Bình", VietnameseText.normalizeToString("Hoa\u0300 Bi\u0300nh"));
        assertEquals("ñandú", VietnameseText.normalizeToString("n\u0303andu\u0301"));
    }

    @Test
    void cleansInvisibleAndLookalikeCharacters() {
        assertEquals("Quốc hội", VietnameseText.normalizeToString("Quốc\u200b h\u200c\u200dội\u2060"));
        assertEquals("kiểm toán", VietnameseText.normalizeToString("\ufeffki\u00adểm\u00a0toán"));
        assertEquals("a b", VietnameseText.normalizeToString("a\u202fb"));
        assertEquals("ĐẠI HỘI đồng", VietnameseText.normalizeToString("\u00d0ẠI HỘI \u00f0ồng"));
    }

    @Test
    void mapsEveryOutputCharToItsSource() {
        // H o à ' ' x end: à came from "a" + grave (index 3), space from index 5
        assertArrayEquals(new int[] {1, 2, 3, 5, 6, 7}, sourceIndex("\u200bHoa\u0300 x"));
    }

    @Test
    void reportsNoCorrectionForTextThatIsAlreadyNormalised() {
        List<int[]> corrections = new ArrayList<>();
        String text = "Hòa Bình – “thủy lợi” 1.000 tỷ đồng, TP.HCM";
        assertEquals(text, VietnameseText.normalize(text, (at, diff) -> corrections.add(new int[] {at, diff})));
        assertEquals(0, corrections.size());
    }

    @Test
    void mapsDecomposedWordsInsideCleanText() {
        // "Báo " is copied, "Việt" (5 input chars -> 4) is mapped per cluster, " Nam" shifts by one
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14}, sourceIndex("Báo Vie\u0323\u0302t Nam"));
    }

    @Test
    void cachedWordsAreMappedFromWhereTheyStandEachTime() {
        // the same NFD word three times: uncached, cached after a removed char, cached at the end
        String raw = "Hoa\u0300 \u200bx Hoa\u0300 Hoa\u0300";
        assertEquals("Hòa x Hòa Hòa", VietnameseText.normalizeToString(raw));
        assertArrayEquals(new int[] {0, 1, 2, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 17}, sourceIndex(raw));
        assertArrayEquals(new int[] {1, 2, 3, 5}, sourceIndex("\u00adHoa\u0300"));
    }

    @Test
    void cachedRewritesStayCorrectForEveryCase() {
        for (int round = 0; round < 2; round++) {
            assertEquals("Hòa hòa HÒA", VietnameseText.normalizeToString("Hoà hoà HOÀ"));
            assertEquals("ngoài café", VietnameseText.normalizeToString("ngòai café"));
        }
    }

    @Test
    void keepsNonLetterClustersThatComposeOrCarryMarks() {
        assertEquals("\u2260 1\u0301 \u00c5", VietnameseText.normalizeToString("=\u0338 1\u0301 \u212b"));
    }

    /** For each output char (and the end), the input index it came from. */
    private static int[] sourceIndex(String raw) {
        List<int[]> corrections = new ArrayList<>();
        String text = VietnameseText.normalize(raw, (at, diff) -> corrections.add(new int[] {at, diff}));
        int[] source = new int[text.length() + 1];
        int diff = 0;
        int next = 0;
        for (int i = 0; i < source.length; i++) {
            if (next < corrections.size() && corrections.get(next)[0] == i) {
                diff = corrections.get(next++)[1];
            }
            source[i] = i + diff;
        }
        assertEquals(corrections.size(), next, "corrections in increasing output order");
        return source;
    }

    @Test
    void foldsEveryDiacritic() {
        assertEquals("Dai hoi dong nguoi duoc uy ban", VietnameseText.fold("Đại hội đồng người được ủy ban"));
        assertEquals("D d", VietnameseText.fold("\u00d0 \u00f0"));
        assertEquals("viet", VietnameseText.fold("vie\u0323\u0302t"));
        assertEquals("plain ascii", VietnameseText.fold("plain ascii"));
        assertEquals("25° ½ «x»", VietnameseText.fold("25° ½ «x»"));
    }

    @Test
    void stripsOnlyTones() {
        assertEquals("thu tương đai hôi ăn ơ ư", VietnameseText.stripTones("thủ tướng đại hội ắn ở ừ"));
    }
}
