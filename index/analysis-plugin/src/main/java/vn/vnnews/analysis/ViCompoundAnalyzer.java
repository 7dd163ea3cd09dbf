package vn.vnnews.analysis;

import java.io.Reader;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Two-syllable tokens only (vi_compound, vi_folded_compound). The original text is recorded
 * before normalisation so the pair filter can see the punctuation between two tokens.
 */
final class ViCompoundAnalyzer extends Analyzer {

    private final boolean folded;

    ViCompoundAnalyzer(boolean folded) {
        this.folded = folded;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        SourceTextRecorder recorder = new SourceTextRecorder();
        StandardTokenizer tokenizer = new StandardTokenizer();
        TokenStream syllables = new LowerCaseFilter(tokenizer);
        if (folded) {
            syllables = TermRewriteFilter.fold(syllables);
        }
        TokenStream pairs = new ClauseBoundedPairFilter(syllables, recorder);
        return new TokenStreamComponents(
            reader -> tokenizer.setReader(new ViNormalizeCharFilter(recorder.record(reader))), pairs);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return new ViNormalizeCharFilter(reader);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        TokenStream lowercased = new LowerCaseFilter(in);
        return folded ? TermRewriteFilter.fold(lowercased) : lowercased;
    }
}
