package vn.vnnews.analysis;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/** Runs analyzers, filters and char filters in tests. */
final class AnalysisSupport {

    private AnalysisSupport() {}

    record Token(String term, int start, int end, int position, String type) {}

    static List<Token> tokens(Analyzer analyzer, String text) {
        try (TokenStream stream = analyzer.tokenStream("field", text)) {
            return collect(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> terms(Analyzer analyzer, String text) {
        return tokens(analyzer, text).stream().map(Token::term).toList();
    }

    /** Whitespace-tokenised text through a token filter (created by a factory under test). */
    static List<String> filterTerms(java.util.function.UnaryOperator<TokenStream> filter, String text) {
        Tokenizer tokenizer = new WhitespaceTokenizer();
        tokenizer.setReader(new StringReader(text));
        try (TokenStream stream = filter.apply(tokenizer)) {
            return collect(stream).stream().map(Token::term).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String readAll(Reader reader) {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[7];
        try (reader) {
            for (int n = reader.read(buffer); n != -1; n = reader.read(buffer)) {
                out.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String normalize(String text) {
        return readAll(new ViNormalizeCharFilter(new StringReader(text)));
    }

    private static List<Token> collect(TokenStream stream) throws IOException {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
        PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
        TypeAttribute type = stream.addAttribute(TypeAttribute.class);
        List<Token> tokens = new ArrayList<>();
        stream.reset();
        int position = -1;
        while (stream.incrementToken()) {
            position += increment.getPositionIncrement();
            tokens.add(new Token(term.toString(), offset.startOffset(), offset.endOffset(), position, type.type()));
        }
        stream.end();
        return tokens;
    }
}
