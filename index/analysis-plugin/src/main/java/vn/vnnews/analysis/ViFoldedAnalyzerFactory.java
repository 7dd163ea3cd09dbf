package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_folded}: vi_exact plus vi_fold. */
@NamedComponent("vi_folded")
public class ViFoldedAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViAnalyzer(ViAnalyzer.Variant.FOLDED);
    }
}
