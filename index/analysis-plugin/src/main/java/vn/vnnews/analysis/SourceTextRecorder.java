package vn.vnnews.analysis;

import java.io.IOException;
import java.io.Reader;

/** Passes a reader through while keeping what was read (the original field value). */
final class SourceTextRecorder extends Reader {

    private final StringBuilder text = new StringBuilder();
    private Reader in;

    Reader record(Reader reader) {
        in = reader;
        text.setLength(0);
        return this;
    }

    CharSequence text() {
        return text;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int count = in.read(buffer, offset, length);
        if (count > 0) {
            text.append(buffer, offset, count);
        }
        return count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
