package vn.vnnews.analysis;

import java.io.Reader;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.CharFilterFactory;

/** Char filter {@code vi_normalize}: NFC, clean-up, canonical tone placement. */
@NamedComponent("vi_normalize")
public class ViNormalizeCharFilterFactory implements CharFilterFactory {

    @Override
    public Reader create(Reader reader) {
        return new ViNormalizeCharFilter(reader);
    }

    /**
     * The stable API's normalisation hook; Elasticsearch 9.5 does not accept stable components in
     * custom normalizers, but the hook must still apply the same rules wherever it is called.
     */
    @Override
    public Reader normalize(Reader reader) {
        return new ViNormalizeCharFilter(reader);
    }
}
