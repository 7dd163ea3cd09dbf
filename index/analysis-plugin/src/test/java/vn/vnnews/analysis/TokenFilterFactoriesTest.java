package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.vnnews.analysis.AnalysisSupport.filterTerms;

import java.util.List;
import org.elasticsearch.plugin.analysis.AnalysisMode;
import org.junit.jupiter.api.Test;

class TokenFilterFactoriesTest {

    @Test
    void foldRemovesAllDiacritics() {
        ViFoldTokenFilterFactory factory = new ViFoldTokenFilterFactory();
        assertEquals(List.of("ha", "noi", "Da", "nang", "nguoi"), filterTerms(factory::create, "hà nội Đà nẵng người"));
        assertEquals(List.of("uy", "ban"), filterTerms(factory::normalize, "ủy ban"));
        assertEquals(AnalysisMode.ALL, factory.getAnalysisMode());
    }

    @Test
    void stripTonesKeepsHatsHornsAndStrokedD() {
        ViStripTonesTokenFilterFactory factory = new ViStripTonesTokenFilterFactory();
        assertEquals(List.of("thu", "tương", "đai", "hôi"), filterTerms(factory::create, "thủ tướng đại hội"));
        assertEquals(List.of("ngươi"), filterTerms(factory::normalize, "người"));
    }

    @Test
    void cachedAndUntouchedTermsComeOutRightInAnyOrder() {
        ViFoldTokenFilterFactory fold = new ViFoldTokenFilterFactory();
        // repeated (cached) terms, terms without diacritics, and Latin-1 symbols below U+00C0
        assertEquals(List.of("hoa", "Hoa", "hoa", "ha", "25°", "½", "hoa", "ab"),
            filterTerms(fold::create, "hòa Hòa hòa hà 25° ½ hoa ab"));
        ViStripTonesTokenFilterFactory strip = new ViStripTonesTokenFilterFactory();
        assertEquals(List.of("ngươi", "ngươi", "đôi", "x«y»"), filterTerms(strip::create, "người ngươi đổi x«y»"));
    }

    @Test
    void abbreviationsAreSearchTimeOnly() {
        ViAbbreviationsTokenFilterFactory factory = new ViAbbreviationsTokenFilterFactory();
        assertEquals(AnalysisMode.SEARCH_TIME, factory.getAnalysisMode());
        assertEquals(java.util.Set.of("ubnd", "ủy", "ban", "nhân", "dân"), java.util.Set.copyOf(filterTerms(factory::create, "ubnd")));
    }
}
