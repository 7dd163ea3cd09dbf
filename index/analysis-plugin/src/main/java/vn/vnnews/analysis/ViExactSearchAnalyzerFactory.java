package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_exact_search}: vi_exact plus vi_abbreviations (query time). */
@NamedComponent("vi_exact_search")
public class ViExactSearchAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViAnalyzer(ViAnalyzer.Variant.EXACT_SEARCH);
    }
}
