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
    void offsetsStayRightForRepeatedWordsInDifferentSurroundings() {
        // "Hoà" rewritten (cached after the first), NFD "Việt" inside clean text, a removed char
        // before the second "Hoà", and already canonical words copied as they are
        String text = "Hoà Bình và Vie\u0323\u0302t Nam, \u200bHoà Bình hoà";
        List<Token> tokens = AnalysisSupport.tokens(exact, text);
        assertEquals(List.of("hòa", "bình", "và", "việt", "nam", "hòa", "bình", "hòa"),
            tokens.stream().map(Token::term).toList());
        assertEquals(List.of(0, 4, 9, 12, 19, 25, 29, 34), tokens.stream().map(Token::start).toList());
        assertEquals(List.of(3, 8, 11, 18, 22, 28, 33, 37), tokens.stream().map(Token::end).toList());
        assertEquals(tokens, AnalysisSupport.tokens(exact, text), "a second run, every word cached");
    }

    @Test
    void sameValueAnalysedAgainGetsTheSameOffsets() {
        // sub-fields analyse a value right after each other: the second run reuses the first
        String text = "\u200bHoa\u0300 Bi\u0300nh";
        List<Token> exactTokens = AnalysisSupport.tokens(exact, text);
        List<Token> foldedTokens = AnalysisSupport.tokens(new ViFoldedAnalyzerFactory().create(), text);
        assertEquals(List.of(new Token("hòa", 1, 5, 0, "<ALPHANUM>"), new Token("bình", 6, 11, 1, "<ALPHANUM>")), exactTokens);
        assertEquals(List.of(new Token("hoa", 1, 5, 0, "<ALPHANUM>"), new Token("binh", 6, 11, 1, "<ALPHANUM>")), foldedTokens);
        assertEquals(List.of(new Token("hòa", 0, 3, 0, "<ALPHANUM>")), AnalysisSupport.tokens(exact, "Hoà"));
        assertEquals(exactTokens, AnalysisSupport.tokens(exact, text));
    }

    @Test
    void textThatNeedsNoChangeIsPassedThroughWithoutCorrections() throws Exception {
        String text = "Kiểm toán nhà nước – “Hà Nội” 2024, TP.HCM";
        try (ViNormalizeCharFilter filter = new ViNormalizeCharFilter(new StringReader(text))) {
            assertEquals(text, AnalysisSupport.readAll(filter));
            for (int i = 0; i <= text.length(); i++) {
                assertEquals(i, filter.correctOffset(i));
            }
        }
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
