package vn.vnnews.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalysisMode;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Token filter {@code vi_abbreviations}: query-time expansion of official abbreviations. */
@NamedComponent("vi_abbreviations")
public class ViAbbreviationsTokenFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return Abbreviations.expand(tokenStream);
    }

    /** A synonym graph must not be indexed (it would be flattened wrongly). */
    @Override
    public AnalysisMode getAnalysisMode() {
        return AnalysisMode.SEARCH_TIME;
    }
}
