package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.QueryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AbbreviationsTest {

    private static final String DOCUMENT = "Ủy ban nhân dân TP Hà Nội tổ chức hội nghị với Kiểm toán Nhà nước tại TPHCM";

    private final Analyzer exact = new ViExactAnalyzerFactory().create();
    private final Analyzer exactSearch = new ViExactSearchAnalyzerFactory().create();
    private final Analyzer folded = new ViFoldedAnalyzerFactory().create();
    private final Analyzer foldedSearch = new ViFoldedSearchAnalyzerFactory().create();

    @Test
    void listIsLargeAndWrittenNormalised() {
        List<List<String>> groups = Abbreviations.groups();
        assertTrue(groups.size() >= 25, "groups: " + groups.size());
        Set<String> seen = new HashSet<>();
        for (List<String> group : groups) {
            assertTrue(group.size() >= 2, "group " + group);
            for (String form : group) {
                String normalised = VietnameseText.normalizeToString(form).toLowerCase(Locale.ROOT);
                assertEquals(normalised, form, "not normalised: " + form);
                assertTrue(seen.add(form), "listed twice: " + form);
            }
        }
    }

    @Test
    void abbreviationExpandsToTheFullForm() {
        List<String> terms = AnalysisSupport.terms(exactSearch, "UBND Hà Nội");
        assertTrue(terms.containsAll(List.of("ubnd", "ủy", "ban", "nhân", "dân", "hà", "nội")), terms.toString());
    }

    @Test
    void fullFormExpandsToTheAbbreviation() {
        List<String> terms = AnalysisSupport.terms(exactSearch, "Hội đồng nhân dân tỉnh");
        assertTrue(terms.contains("hđnd"), terms.toString());
    }

    @Test
    void foldedSearchExpandsInFoldedForm() {
        List<String> fromAbbreviation = AnalysisSupport.terms(foldedSearch, "ubnd ha noi");
        assertTrue(fromAbbreviation.containsAll(List.of("ubnd", "uy", "ban", "nhan", "dan", "ha", "noi")),
            fromAbbreviation.toString());
        assertTrue(AnalysisSupport.terms(foldedSearch, "uy ban nhan dan").contains("ubnd"));
        assertTrue(AnalysisSupport.terms(foldedSearch, "ĐBQH").contains("dai"));
        assertTrue(AnalysisSupport.terms(foldedSearch, "Ủy ban nhân dân").stream().allMatch(t -> t.chars().allMatch(c -> c < 0x80)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UBND Hà Nội | exact", "ủy ban nhân dân hà nội | exact", "KTNN | exact", "TP.HCM | exact",
        "TP HCM | exact", "thành phố Hồ Chí Minh | exact",
        "ubnd ha noi | folded", "uy ban nhan dan | folded", "ktnn | folded", "tp hcm | folded",
        "thanh pho ho chi minh | folded",
    })
    void matchQueryFindsTheDocument(String query, String field) throws IOException {
        Analyzer index = field.equals("exact") ? exact : folded;
        Analyzer search = field.equals("exact") ? exactSearch : foldedSearch;
        assertEquals(1, hits(index, search, query), query);
    }

    @Test
    void unrelatedQueryDoesNotMatch() throws IOException {
        assertEquals(0, hits(exact, exactSearch, "HĐND Đà Nẵng"));
    }

    /** A match query with operator AND, built the way Elasticsearch builds it (graph-aware). */
    private static long hits(Analyzer index, Analyzer search, String query) throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(index))) {
                Document document = new Document();
                document.add(new TextField("body", DOCUMENT, Field.Store.NO));
                writer.addDocument(document);
            }
            try (DirectoryReader reader = DirectoryReader.open(directory)) {
                QueryBuilder builder = new QueryBuilder(search);
                builder.setAutoGenerateMultiTermSynonymsPhraseQuery(true);
                Query parsed = builder.createBooleanQuery("body", query, BooleanClause.Occur.MUST);
                return new IndexSearcher(reader).count(parsed);
            }
        }
    }
}
