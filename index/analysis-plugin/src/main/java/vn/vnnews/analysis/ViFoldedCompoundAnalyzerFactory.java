package vn.vnnews.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** Analyzer {@code vi_folded_compound}: two-syllable tokens within a clause, folded. */
@NamedComponent("vi_folded_compound")
public class ViFoldedCompoundAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ViCompoundAnalyzer(true);
    }
}
