package vn.vnnews.analysis;

import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Replaces each term by a function of it (folding, tone stripping). */
final class TermRewriteFilter extends TokenFilter {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final UnaryOperator<String> rewrite;

    private TermRewriteFilter(TokenStream input, UnaryOperator<String> rewrite) {
        super(input);
        this.rewrite = rewrite;
    }

    static TokenStream fold(TokenStream input) {
        return new TermRewriteFilter(input, VietnameseText::fold);
    }

    static TokenStream stripTones(TokenStream input) {
        return new TermRewriteFilter(input, VietnameseText::stripTones);
    }

    @Override
    public boolean incrementToken() throws IOException {
        if (!input.incrementToken()) {
            return false;
        }
        String original = term.toString();
        String rewritten = rewrite.apply(original);
        if (!rewritten.equals(original)) {
            term.setEmpty().append(rewritten);
        }
        return true;
    }
}
