package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;
import org.elasticsearch.plugin.analysis.CharFilterFactory;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.junit.jupiter.api.Test;

/** named_components.json (shipped in the zip) must list exactly the @NamedComponent classes. */
class NamedComponentsTest {

    private static final Map<String, String> NAMES = Map.of(
        "vi_normalize", CharFilterFactory.class.getName(),
        "vi_fold", TokenFilterFactory.class.getName(),
        "vi_strip_tones", TokenFilterFactory.class.getName(),
        "vi_abbreviations", TokenFilterFactory.class.getName(),
        "vi_exact", AnalyzerFactory.class.getName(),
        "vi_exact_search", AnalyzerFactory.class.getName(),
        "vi_folded", AnalyzerFactory.class.getName(),
        "vi_folded_search", AnalyzerFactory.class.getName(),
        "vi_notone", AnalyzerFactory.class.getName(),
        "vi_compound", AnalyzerFactory.class.getName());

    @Test
    void jsonListsExactlyTheAnnotatedClasses() throws Exception {
        assertEquals(annotatedComponents(), declaredComponents());
    }

    @Test
    void theFixedNamesAreAllThere() throws Exception {
        Map<String, Map<String, String>> declared = declaredComponents();
        NAMES.forEach((name, type) -> assertTrue(declared.get(type).containsKey(name), name));
        assertTrue(declared.get(AnalyzerFactory.class.getName()).containsKey("vi_folded_compound"));
    }

    @Test
    void everyComponentCanBeCreatedAndUsed() throws Exception {
        for (Map<String, String> components : declaredComponents().values()) {
            for (String className : components.values()) {
                Object factory = Class.forName(className).getConstructor().newInstance();
                switch (factory) {
                    case AnalyzerFactory analyzers -> {
                        try (Analyzer analyzer = analyzers.create()) {
                            assertTrue(!AnalysisSupport.terms(analyzer, "Hà Nội hôm nay").isEmpty(), className);
                        }
                    }
                    case TokenFilterFactory filters -> {
                        java.util.function.UnaryOperator<TokenStream> create = filters::create;
                        assertTrue(!AnalysisSupport.filterTerms(create, "hà nội").isEmpty(), className);
                    }
                    case CharFilterFactory charFilters -> assertEquals("Hòa",
                        AnalysisSupport.readAll(charFilters.create(new java.io.StringReader("Hoà"))));
                    default -> throw new AssertionError("not a component: " + className);
                }
            }
        }
    }

    /** interface name -> (component name -> class name), from the compiled classes. */
    private static Map<String, Map<String, String>> annotatedComponents() throws IOException, URISyntaxException {
        Path classes = Path.of(ViNormalizeCharFilterFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, Map<String, String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String className = classes.relativize(file).toString().replace(".class", "").replace('/', '.');
                Class<?> type = loadClass(className);
                NamedComponent named = type.getAnnotation(NamedComponent.class);
                if (named == null) {
                    continue;
                }
                for (Class<?> extensible : type.getInterfaces()) {
                    found.computeIfAbsent(extensible.getName(), k -> new TreeMap<>()).put(named.value(), className);
                }
            }
        }
        return found;
    }

    private static Class<?> loadClass(String className) {
        try {
            return Class.forName(className, false, NamedComponentsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> declaredComponents() throws IOException {
        String json = Files.readString(Path.of(System.getProperty("vnnews.namedComponents")));
        Map<String, Object> top = new JsonObjectParser(json).parse();
        Map<String, Map<String, String>> declared = new TreeMap<>();
        top.forEach((type, components) -> declared.put(type, new TreeMap<>((Map<String, String>) components)));
        return declared;
    }

    /** Just enough JSON for named_components.json: nested objects of strings. */
    private static final class JsonObjectParser {
        private final String text;
        private int at;

        JsonObjectParser(String text) {
            this.text = text;
        }

        Map<String, Object> parse() {
            Map<String, Object> object = object();
            skipSpace();
            assertEquals(text.length(), at, "trailing content in named_components.json");
            return object;
        }

        private Map<String, Object> object() {
            expect('{');
            Map<String, Object> object = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                at++;
                return object;
            }
            do {
                String key = string();
                expect(':');
                skipSpace();
                Object value = peek() == '{' ? object() : string();
                assertTrue(object.put(key, value) == null, "duplicate key " + key);
            } while (consumeComma());
            expect('}');
            return object;
        }

        private String string() {
            expect('"');
            int end = text.indexOf('"', at);
            String value = text.substring(at, end);
            assertTrue(value.indexOf('\\') < 0, "escapes are not expected: " + value);
            at = end + 1;
            return value;
        }

        private boolean consumeComma() {
            skipSpace();
            if (peek() == ',') {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            skipSpace();
            assertEquals(c, peek(), "at " + at);
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : 0;
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }

    @Test
    void parserReadsNestedObjects() {
        Map<String, Object> parsed = new JsonObjectParser("{\"a\": {\"b\": \"c\"}}").parse();
        assertEquals(Map.of("a", new HashMap<>(Map.of("b", "c"))), parsed);
    }
}
