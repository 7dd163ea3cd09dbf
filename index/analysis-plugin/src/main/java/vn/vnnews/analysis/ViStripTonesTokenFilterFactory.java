package vn.vnnews.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Token filter {@code vi_strip_tones}: removes the five tone marks, keeps ă â ê ô ơ ư đ. */
@NamedComponent("vi_strip_tones")
public class ViStripTonesTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return TermRewriteFilter.stripTones(tokenStream);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return TermRewriteFilter.stripTones(tokenStream);
    }
}
