package vn.vnnews.analysis;

import java.io.IOException;
import java.io.Reader;
import org.apache.lucene.analysis.charfilter.BaseCharFilter;

/**
 * Applies {@link VietnameseText#normalize} and records offset corrections so that token offsets
 * point into the original text (highlighting stays right).
 *
 * <p>The whole input is read on the first read: tone placement needs whole syllables and
 * field values are paragraphs, not streams. Sub-fields analyse the same value again, so the
 * last result of each thread is reused ({@link NormalisedText}).
 */
public final class ViNormalizeCharFilter extends BaseCharFilter {

    private String output;
    private int position;

    public ViNormalizeCharFilter(Reader input) {
        super(input);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (output == null) {
            normalizeInput();
        }
        if (position >= output.length()) {
            return -1;
        }
        int count = Math.min(length, output.length() - position);
        output.getChars(position, position + count, buffer, offset);
        position += count;
        return count;
    }

    private void normalizeInput() throws IOException {
        StringBuilder raw = new StringBuilder();
        char[] chunk = new char[4096];
        for (int read = input.read(chunk); read != -1; read = input.read(chunk)) {
            raw.append(chunk, 0, read);
        }
        NormalisedText normalised = NormalisedText.of(raw);
        normalised.replay(this::addOffCorrectMap);
        output = normalised.output();
    }
}
