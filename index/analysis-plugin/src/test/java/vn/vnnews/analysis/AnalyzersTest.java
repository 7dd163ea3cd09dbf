package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;

class AnalyzersTest {

    private static final String SENTENCE = "Thủ tướng chủ trì Hội nghị về thuỷ lợi tại Hoà Bình";

    private final Analyzer exact = new ViExactAnalyzerFactory().create();
    private final Analyzer folded = new ViFoldedAnalyzerFactory().create();
    private final Analyzer notone = new ViNotoneAnalyzerFactory().create();

    @Test
    void exactNormalisesAndLowercases() {
        assertEquals(List.of("thủ", "tướng", "chủ", "trì", "hội", "nghị", "về", "thủy", "lợi", "tại", "hòa", "bình"),
            AnalysisSupport.terms(exact, SENTENCE));
        assertEquals(List.of("đại", "hội", "đảng"), AnalysisSupport.terms(exact, "\u00d0ẠI HỘI ĐẢNG"));
        assertEquals(List.of("quý", "khách"), AnalysisSupport.terms(exact, "qúy khách"));
    }

    @Test
    void foldedRemovesAllDiacritics() {
        assertEquals(List.of("thu", "tuong", "chu", "tri", "hoi", "nghi", "ve", "thuy", "loi", "tai", "hoa", "binh"),
            AnalysisSupport.terms(folded, SENTENCE));
    }

    @Test
    void notoneRemovesOnlyTones() {
        assertEquals(List.of("thu", "tương", "chu", "tri", "hôi", "nghi", "vê", "thuy", "lơi", "tai", "hoa", "binh"),
            AnalysisSupport.terms(notone, SENTENCE));
    }

    @Test
    void spellingVariantsAnalyseIdentically() {
        List<String> expected = List.of("hòa", "bình");
        for (String variant : List.of("Hoà Bình", "HOÀ BÌNH", "Hòa Bình", "Hoa\u0300 Bi\u0300nh", "Ho\u0300a Bi\u0300nh")) {
            assertEquals(expected, AnalysisSupport.terms(exact, variant), variant);
        }
    }

    @Test
    void searchAnalyzersMatchTheIndexAnalyzersWithoutAbbreviations() {
        Analyzer exactSearch = new ViExactSearchAnalyzerFactory().create();
        Analyzer foldedSearch = new ViFoldedSearchAnalyzerFactory().create();
        String plain = "Hội nghị về thuỷ lợi tại Hoà Bình";
        assertEquals(AnalysisSupport.terms(exact, plain), AnalysisSupport.terms(exactSearch, plain));
        assertEquals(AnalysisSupport.terms(folded, plain), AnalysisSupport.terms(foldedSearch, plain));
    }

    /** Prefix/wildcard/fuzzy queries normalise their text with Analyzer.normalize. */
    @Test
    void multiTermNormalisationMatchesTheIndexTerms() {
        assertEquals("hòa", exact.normalize("f", "Hoà").utf8ToString());
        assertEquals("hoa", folded.normalize("f", "Hoà").utf8ToString());
        assertEquals("hoa", notone.normalize("f", "Hoà").utf8ToString());
        assertEquals("thuy", new ViFoldedSearchAnalyzerFactory().create().normalize("f", "THUỶ").utf8ToString());
    }
}
