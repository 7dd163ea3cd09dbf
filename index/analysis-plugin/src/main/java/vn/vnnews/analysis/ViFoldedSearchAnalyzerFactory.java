package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_folded_search}: vi_exact, vi_fold, then vi_abbreviations (query time). */
@NamedComponent("vi_folded_search")
public class ViFoldedSearchAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViAnalyzer(ViAnalyzer.Variant.FOLDED_SEARCH);
    }
}
