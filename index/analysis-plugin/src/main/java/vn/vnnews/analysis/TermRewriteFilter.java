package vn.vnnews.analysis;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Replaces each term by a function of it (folding, tone stripping). Terms without diacritics are
 * left alone without building a string; the others are rewritten once per thread and cached, since
 * the function decomposes and recomposes Unicode.
 */
final class TermRewriteFilter extends TokenFilter {

    /** A term function with its own per-thread cache. */
    private record CachedRewrite(UnaryOperator<String> function, ThreadLocal<WordCache<String>> cache) {
        CachedRewrite(UnaryOperator<String> function) {
            this(function, WordCache.perThread());
        }

        String apply(CharSequence term) {
            return cache.get().get(term, 0, term.length(), function);
        }
    }

    private static final CachedRewrite FOLD = new CachedRewrite(VietnameseText::fold);
    private static final CachedRewrite STRIP_TONES = new CachedRewrite(VietnameseText::stripTones);

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final CachedRewrite rewrite;

    private TermRewriteFilter(TokenStream input, CachedRewrite rewrite) {
        super(input);
        this.rewrite = rewrite;
    }

    static TokenStream fold(TokenStream input) {
        return new TermRewriteFilter(input, FOLD);
    }

    static TokenStream stripTones(TokenStream input) {
        return new TermRewriteFilter(input, STRIP_TONES);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        if (VietnameseText.mayHaveDiacritics(term.buffer(), term.length())) {
            String rewritten = rewrite.apply(term);
            term.setEmpty().append(rewritten);
        }
        return true;
    }
}
