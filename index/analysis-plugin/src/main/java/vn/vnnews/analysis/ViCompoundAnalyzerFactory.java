package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_compound}: two-syllable tokens within a clause, accented. */
@NamedComponent("vi_compound")
public class ViCompoundAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViCompoundAnalyzer(false);
    }
}
