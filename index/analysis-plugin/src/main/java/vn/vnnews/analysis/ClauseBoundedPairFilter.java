package vn.vnnews.analysis;

import java.io.IOException;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Emits "a b" for each two adjacent tokens of the same clause and nothing else (no unigrams,
 * no filler tokens). A clause ends at . , ; : ! ? … – — followed by whitespace (so TP.HCM, 1.000
 * and 5,5 do not split), at any bracket or quote, and at a line break. Each pair sits at the
 * position of its first token; one extra position separates pairs of different clauses.
 */
final class ClauseBoundedPairFilter extends TokenFilter {

    static final String TYPE = "shingle";
    private static final String CLAUSE_PUNCTUATION = ".,;:!?…–—";
    private static final String BRACKETS_AND_QUOTES = "()[]{}\"'“”‘’«»„‹›";
    private static final String LINE_BREAKS = "\n\r\u0085\u2028\u2029";

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
    private final PositionIncrementAttribute positionIncrement = addAttribute(PositionIncrementAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);
    private final SourceTextRecorder source;

    /**
     * Reused buffers, so no string is built per token: the last term, and the one before it
     * (kept until a pair of the two has been emitted).
     */
    private StringBuilder previous = new StringBuilder();
    private StringBuilder older = new StringBuilder();
    private boolean hasPrevious;
    private int previousStart;
    private int previousEnd;
    private int previousPosition;
    private int position;
    private int lastEmittedPosition;

    ClauseBoundedPairFilter(TokenStream input, SourceTextRecorder source) {
        super(input);
        this.source = source;
    }

    @Override
    public boolean incrementToken() throws IOException {
        while (input.incrementToken()) {
            int increment = positionIncrement.getPositionIncrement();
            int start = offset.startOffset();
            int end = offset.endOffset();
            boolean joined = hasPrevious && increment == 1
                && !hasClauseBreak(source.text(), previousEnd, start);
            position += increment + (hasPrevious && !joined ? 1 : 0);
            int pairStart = previousStart;
            int pairPosition = previousPosition;
            remember(start, end);
            if (joined) {
                emitPair(pairStart, end, pairPosition);
                return true;
            }
        }
        return false;
    }

    /** Makes the current term the previous one; the former previous term moves to {@code older}. */
    private void remember(int start, int end) {
        StringBuilder free = older;
        older = previous;
        previous = free;
        previous.setLength(0);
        previous.append(term);
        previousStart = start;
        previousEnd = end;
        previousPosition = position;
        hasPrevious = true;
    }

    private void emitPair(int start, int end, int pairPosition) {
        term.setEmpty().append(older).append(' ').append(previous);
        offset.setOffset(start, end);
        positionIncrement.setPositionIncrement(pairPosition - lastEmittedPosition);
        type.setType(TYPE);
        lastEmittedPosition = pairPosition;
    }

    @Override
    public void reset() throws IOException {
        super.reset();
        hasPrevious = false;
        position = -1;
        lastEmittedPosition = -1;
    }

    /** Whether the text between two tokens ends a clause. */
    static boolean hasClauseBreak(CharSequence text, int from, int to) {
        int limit = Math.min(to, text.length());
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (BRACKETS_AND_QUOTES.indexOf(c) >= 0 || LINE_BREAKS.indexOf(c) >= 0) {
                return true;
            }
            if (CLAUSE_PUNCTUATION.indexOf(c) >= 0) {
                int next = i + 1;
                while (next < limit && CLAUSE_PUNCTUATION.indexOf(text.charAt(next)) >= 0) {
                    next++;
                }
                if (next < limit && isSpace(text.charAt(next))) {
                    return true;
                }
                i = next - 1;
            }
        }
        return false;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
