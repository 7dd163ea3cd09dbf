package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_notone}: vi_exact plus vi_strip_tones. */
@NamedComponent("vi_notone")
public class ViNotoneAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViAnalyzer(ViAnalyzer.Variant.NOTONE);
    }
}
