package vn.vnnews.analysis;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/** The unigram analyzers: vi_normalize + standard tokenizer + lowercase + a variant tail. */
final class ViAnalyzer extends Analyzer {

    enum Variant {
        EXACT,
        EXACT_SEARCH,
        FOLDED,
        FOLDED_SEARCH,
        NOTONE
    }

    private final Variant variant;

    ViAnalyzer(Variant variant) {
        this.variant = variant;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream lowercased = new LowerCaseFilter(tokenizer);
        TokenStream result = switch (variant) {
            case EXACT -> lowercased;
            case EXACT_SEARCH -> Abbreviations.expand(lowercased);
            case FOLDED -> TermRewriteFilter.fold(lowercased);
            // Folding first lets unaccented queries ("uy ban nhan dan") expand too.
            case FOLDED_SEARCH -> Abbreviations.expandFolded(TermRewriteFilter.fold(lowercased));
            case NOTONE -> TermRewriteFilter.stripTones(lowercased);
        };
        return new TokenStreamComponents(tokenizer, result);
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new ViNormalizeCharFilter(reader);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return new ViNormalizeCharFilter(reader);
    }

    /** Multi-term queries (prefix, wildcard, fuzzy) see the same terms as the index. */
    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        TokenStream lowercased = new LowerCaseFilter(in);
        return switch (variant) {
            case EXACT, EXACT_SEARCH -> lowercased;
            case FOLDED, FOLDED_SEARCH -> TermRewriteFilter.fold(lowercased);
            case NOTONE -> TermRewriteFilter.stripTones(lowercased);
        };
    }
}
