package vn.vnnews.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * Official abbreviations from the shipped list {@code abbreviations.txt}: each line is a group of
 * equivalent forms, expanded in every direction. Two maps: the groups as written (for accented
 * tokens) and the groups folded (for tokens that already went through {@code vi_fold}, so that
 * both "ubnd" and "uy ban nhan dan" expand to each other).
 */
final class Abbreviations {

    static final String RESOURCE = "abbreviations.txt";

    private Abbreviations() {}

    private static final class Holder {
        static final SynonymMap ACCENTED = buildMap(groups());
        static final SynonymMap FOLDED = buildMap(foldedGroups());
    }

    static TokenStream expand(TokenStream input) {
        return new SynonymGraphFilter(input, Holder.ACCENTED, false);
    }

    static TokenStream expandFolded(TokenStream input) {
        return new SynonymGraphFilter(input, Holder.FOLDED, false);
    }

    /** The groups of the shipped list, as written (lowercase, canonical tones). */
    static List<List<String>> groups() {
        List<List<String>> groups = new ArrayList<>();
        try (InputStream stream = Abbreviations.class.getResourceAsStream(RESOURCE)) {
            if (stream == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String content = line.strip();
                if (content.isEmpty() || content.startsWith("#")) {
                    continue;
                }
                List<String> group = new ArrayList<>();
                for (String form : content.split(",")) {
                    group.add(form.strip());
                }
                groups.add(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups;
    }

    private static List<List<String>> foldedGroups() {
        return groups().stream()
            .map(group -> group.stream().map(VietnameseText::fold).distinct().toList())
            .toList();
    }

    private static SynonymMap buildMap(List<List<String>> groups) {
        StringBuilder rules = new StringBuilder();
        for (List<String> group : groups) {
            rules.append(String.join(", ", group)).append('\n');
        }
        try (ViAnalyzer entryAnalyzer = new ViAnalyzer(ViAnalyzer.Variant.EXACT)) {
            SolrSynonymParser parser = new SolrSynonymParser(true, true, entryAnalyzer);
            parser.parse(new StringReader(rules.toString()));
            return parser.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("bad abbreviation list: " + e.getMessage(), e);
        }
    }
}
