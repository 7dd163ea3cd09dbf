package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.vnnews.analysis.AnalysisSupport.normalize;

import java.io.StringReader;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.junit.jupiter.api.Test;
import vn.vnnews.analysis.AnalysisSupport.Token;

class ViNormalizeCharFilterTest {

    private final Analyzer exact = new ViExactAnalyzerFactory().create();

    @Test
    void outputsNormalisedText() {
        assertEquals("Hòa Bình, thủy lợi, quá, ngoài", normalize("Hoà Bình, thuỷ lợi, qúa, ngòai"));
        assertEquals("", normalize(""));
    }

    @Test
    void handlesTextLongerThanOneReadChunk() {
        String text = "Hoà Bình ".repeat(2000);
        assertEquals("Hòa Bình ".repeat(2000), normalize(text));
    }

    @Test
    void tokenOffsetsPointIntoTheOriginalDecomposedText() {
        String text = "Hoa\u0300 Bi\u0300nh";
        assertEquals(
            List.of(new Token("hòa", 0, 4, 0, "<ALPHANUM>"), new Token("bình", 5, 10, 1, "<ALPHANUM>")),
            AnalysisSupport.tokens(exact, text));
    }

    @Test
    void tokenOffsetsSkipRemovedCharacters() {
        String text = "\ufeffBáo ki\u00adểm\u200b toán Vie\u0323\u0302t Nam";
        List<Token> tokens = AnalysisSupport.tokens(exact, text);
        assertEquals(List.of("báo", "kiểm", "toán", "việt", "nam"), tokens.stream().map(Token::term).toList());
        for (Token token : tokens) {
            String original = text.substring(token.start(), token.end());
            assertEquals(token.term(), VietnameseText.normalizeToString(original).toLowerCase(java.util.Locale.ROOT),
                "offsets of " + token);
        }
        assertEquals(1, tokens.get(0).start());
        assertEquals(text.length(), tokens.get(tokens.size() - 1).end());
    }

    @Test
    void correctOffsetMapsTheEndOfText() throws Exception {
        try (ViNormalizeCharFilter filter = new ViNormalizeCharFilter(new StringReader("a\u200b\u200bb\u0301"))) {
            assertEquals("ab\u0301", AnalysisSupport.readAll(filter));
            assertEquals(0, filter.correctOffset(0));
            assertEquals(3, filter.correctOffset(1));
            assertEquals(5, filter.correctOffset(3));
        }
    }

    @Test
    void factoryAppliesTheSameRulesForNormalizers() {
        ViNormalizeCharFilterFactory factory = new ViNormalizeCharFilterFactory();
        assertEquals("Hòa", AnalysisSupport.readAll(factory.create(new StringReader("Hoà"))));
        assertEquals("Hòa", AnalysisSupport.readAll(factory.normalize(new StringReader("Hoà"))));
    }
}
