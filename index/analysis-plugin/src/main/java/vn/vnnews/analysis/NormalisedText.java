package vn.vnnews.analysis;

import java.util.Arrays;

/**
 * A text after {@link VietnameseText#normalize}, with its offset corrections kept for replay.
 *
 * <p>Elasticsearch analyses each field value once per sub-field, one right after the other on the
 * same thread (vnnews text fields have five), so each thread keeps its last result: the next
 * analysis of the same value costs a comparison instead of a normalisation.
 */
final class NormalisedText implements VietnameseText.OffsetSink {

    /** Longer values are not kept, so a huge one is not pinned in memory by an idle thread. */
    static final int MAX_KEPT_LENGTH = 100_000;

    private static final ThreadLocal<NormalisedText> LAST = new ThreadLocal<>();

    private final String input;
    private final String output;
    private int[] corrections = new int[8];
    private int correctionCount;

    private NormalisedText(String input) {
        this.input = input;
        this.output = VietnameseText.normalize(input, this);
    }

    /** The normalised form of {@code raw}, reused when the thread's previous text was the same. */
    static NormalisedText of(CharSequence raw) {
        NormalisedText last = LAST.get();
        if (last != null && last.input.contentEquals(raw)) {
            return last;
        }
        NormalisedText normalised = new NormalisedText(raw.toString());
        LAST.set(raw.length() <= MAX_KEPT_LENGTH ? normalised : null);
        return normalised;
    }

    String output() {
        return output;
    }

    /** Sends the corrections recorded by the normalisation, in their original order. */
    void replay(VietnameseText.OffsetSink sink) {
        for (int i = 0; i < correctionCount; i += 2) {
            sink.correct(corrections[i], corrections[i + 1]);
        }
    }

    @Override
    public void correct(int outputIndex, int diff) {
        if (correctionCount + 2 > corrections.length) {
            corrections = Arrays.copyOf(corrections, corrections.length * 2);
        }
        corrections[correctionCount++] = outputIndex;
        corrections[correctionCount++] = diff;
    }
}
