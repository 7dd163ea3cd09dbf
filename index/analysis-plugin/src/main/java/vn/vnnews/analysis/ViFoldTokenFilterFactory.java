package vn.vnnews.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Token filter {@code vi_fold}: removes every diacritic, đ -> d. */
@NamedComponent("vi_fold")
public class ViFoldTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return TermRewriteFilter.fold(tokenStream);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return TermRewriteFilter.fold(tokenStream);
    }
}
