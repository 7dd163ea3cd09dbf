package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_exact}: vi_normalize, standard tokenizer, lowercase. */
@NamedComponent("vi_exact")
public class ViExactAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViAnalyzer(ViAnalyzer.Variant.EXACT);
    }
}
