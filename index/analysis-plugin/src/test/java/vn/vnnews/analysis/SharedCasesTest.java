package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of tests/cases/vietnamese-normalisation.tsv (shared with the Python normaliser):
 * {@code normalize} against the char filter output, {@code fold}/{@code strip_tones} against the
 * tokens of vi_folded/vi_notone. The table's expected value is a string (punctuation kept), so for
 * the token operations it is split by the same standard tokenizer, untouched otherwise.
 */
class SharedCasesTest {

    private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private record Case(int line, String operation, String input, String expected, String comment) {}

    private static final Analyzer FOLDED = new ViFoldedAnalyzerFactory().create();
    private static final Analyzer NOTONE = new ViNotoneAnalyzerFactory().create();

    private static final Analyzer TOKENS_ONLY = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            return new TokenStreamComponents(new StandardTokenizer());
        }
    };

    private static final Map<String, Function<String, String>> OPERATIONS = Map.of(
        "normalize", AnalysisSupport::normalize,
        "fold", text -> joinedTerms(FOLDED, text),
        "strip_tones", text -> joinedTerms(NOTONE, text));

    private static String joinedTerms(Analyzer analyzer, String text) {
        return String.join(" ", AnalysisSupport.terms(analyzer, text));
    }

    private static String expectedFor(Case row) {
        return row.operation().equals("normalize") ? row.expected() : joinedTerms(TOKENS_ONLY, row.expected());
    }

    @TestFactory
    Stream<DynamicTest> everyRowPasses() throws IOException {
        List<Case> cases = readCases(Path.of(System.getProperty("vnnews.cases")));
        assertFalse(cases.isEmpty(), "no cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(
            "line " + c.line() + " " + c.operation() + " " + c.input(),
            () -> {
                Function<String, String> operation = OPERATIONS.get(c.operation());
                if (operation == null) {
                    throw new AssertionError("unknown operation on line " + c.line() + ": " + c.operation());
                }
                assertEquals(expectedFor(c), operation.apply(c.input()), "line " + c.line() + " (" + c.comment() + ")");
            }));
    }

    private static List<Case> readCases(Path table) throws IOException {
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        return java.util.stream.IntStream.range(0, lines.size())
            .filter(i -> !lines.get(i).isBlank() && !lines.get(i).startsWith("#"))
            .mapToObj(i -> {
                String[] columns = lines.get(i).split("\t", -1);
                if (columns.length < 3) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected operation, input, expected");
                }
                String comment = columns.length > 3 ? columns[3] : "";
                return new Case(i + 1, columns[0], unescape(columns[1]), unescape(columns[2]), comment);
            })
            .toList();
    }

    private static String unescape(String text) {
        Matcher matcher = ESCAPE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                String.valueOf((char) Integer.parseInt(matcher.group(1), 16))));
        }
        return matcher.appendTail(out).toString();
    }
}
