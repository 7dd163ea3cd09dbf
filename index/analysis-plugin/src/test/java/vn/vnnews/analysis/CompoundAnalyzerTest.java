package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;
import vn.vnnews.analysis.AnalysisSupport.Token;

class CompoundAnalyzerTest {

    private final Analyzer compound = new ViCompoundAnalyzerFactory().create();
    private final Analyzer foldedCompound = new ViFoldedCompoundAnalyzerFactory().create();

    @Test
    void pairsNeverCrossClausePunctuation() {
        List<String> terms = AnalysisSupport.terms(compound,
            "Đoàn công tác đã đến Hà Nội. Bộ trưởng phát biểu, hội nghị kết thúc.");
        assertEquals(List.of("đoàn công", "công tác", "tác đã", "đã đến", "đến hà", "hà nội",
            "bộ trưởng", "trưởng phát", "phát biểu", "hội nghị", "nghị kết", "kết thúc"), terms);
    }

    @Test
    void everyClauseMarkBreaks() {
        for (String separator : List.of(". ", ", ", "; ", ": ", "! ", "? ", "… ", "... ", " (", ") ", " \"", "\" ",
                " “", "” ", " «", "» ", " [", "] ", " – ", " — ", "\n", " 'x' ")) {
            String text = "hà nội" + separator + "bộ trưởng";
            List<String> terms = AnalysisSupport.terms(compound, text);
            assertFalse(terms.stream().anyMatch(t -> t.startsWith("nội ")), text + " -> " + terms);
            assertTrue(terms.contains("hà nội") && terms.contains("bộ trưởng"), text + " -> " + terms);
        }
    }

    @Test
    void punctuationInsideTokensDoesNotBreak() {
        List<String> terms = AnalysisSupport.terms(compound, "giá 1.000 đồng tăng 5,5 lần tại TP.HCM hôm nay");
        assertTrue(terms.containsAll(List.of("giá 1.000", "1.000 đồng", "tăng 5,5", "5,5 lần", "tại tp.hcm", "tp.hcm hôm")),
            terms.toString());
    }

    @Test
    void emitsOnlyPairsWithOffsetsPositionsAndNoFillers() {
        String text = "Hoà Bình. Thuỷ lợi";
        assertEquals(List.of(
                new Token("hòa bình", 0, 8, 0, ClauseBoundedPairFilter.TYPE),
                new Token("thủy lợi", 10, 18, 3, ClauseBoundedPairFilter.TYPE)),
            AnalysisSupport.tokens(compound, text));
        assertEquals(List.of(), AnalysisSupport.terms(compound, "Hà"));
        assertEquals(List.of(), AnalysisSupport.terms(compound, ""));
    }

    @Test
    void foldedVariantFoldsThePairs() {
        assertEquals(List.of("ha noi", "bo truong"), AnalysisSupport.terms(foldedCompound, "Hà Nội; Bộ trưởng"));
    }

    @Test
    void reusedAnalyzerStartsEachValueAfresh() {
        assertEquals(List.of("hà nội"), AnalysisSupport.terms(compound, "Hà Nội"));
        assertEquals(List.of("bộ trưởng"), AnalysisSupport.terms(compound, "Bộ trưởng"));
    }

    @Test
    void pairsNeverCrossArrayValues() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(compound))) {
                Document document = new Document();
                document.add(new TextField("body", "Đến Hà Nội", Field.Store.NO));
                document.add(new TextField("body", "Bộ trưởng phát biểu", Field.Store.NO));
                writer.addDocument(document);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                assertEquals(1, reader.docFreq(new Term("body", "hà nội")));
                assertEquals(1, reader.docFreq(new Term("body", "bộ trưởng")));
                assertEquals(0, reader.docFreq(new Term("body", "nội bộ")));
            }
        }
    }
}
