package vn.vnnews.analysis;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A bounded map from a word to what analysis made of it, looked up by a range of chars so that a
 * hit builds no string (analysis looks up every non-ASCII word of every field, five times).
 *
 * <p>Not thread-safe: each analysis thread gets its own through {@link #perThread()}, so lookups
 * need no locking. When full it starts over instead of tracking recency: news text has a few
 * thousand distinct Vietnamese syllables, so that is rare, and hits stay free of bookkeeping.
 */
final class WordCache<V> {

    /** About 2-3 MB per thread when full. */
    static final int CAPACITY = 20_000;
    private static final int INITIAL_SLOTS = 1 << 10;
    private static final int MAX_SLOTS = 1 << 15;

    private String[] keys = new String[INITIAL_SLOTS];
    private Object[] values = new Object[INITIAL_SLOTS];
    private int size;

    static <V> ThreadLocal<WordCache<V>> perThread() {
        return ThreadLocal.withInitial(WordCache::new);
    }

    /** The value for {@code chars[start, end)}, computed (and kept) on the first lookup. */
    @SuppressWarnings("unchecked")
    V get(CharSequence chars, int start, int end, Function<String, V> compute) {
        int hash = hash(chars, start, end);
        int mask = keys.length - 1;
        for (int slot = hash & mask; keys[slot] != null; slot = (slot + 1) & mask) {
            if (matches(keys[slot], chars, start, end)) {
                return (V) values[slot];
            }
        }
        String word = chars.subSequence(start, end).toString();
        V value = compute.apply(word);
        makeRoom();
        put(word, hash, value);
        return value;
    }

    private void makeRoom() {
        if (size >= CAPACITY) {
            Arrays.fill(keys, null);
            Arrays.fill(values, null);
            size = 0;
        } else if (size * 3 >= keys.length * 2 && keys.length < MAX_SLOTS) {
            grow();
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                put(oldKeys[i], hash(oldKeys[i], 0, oldKeys[i].length()), oldValues[i]);
            }
        }
    }

    private void put(String word, int hash, Object value) {
        int mask = keys.length - 1;
        int slot = hash & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = word;
        values[slot] = value;
        size++;
    }

    private static int hash(CharSequence chars, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + chars.charAt(i);
        }
        return hash ^ (hash >>> 16); // the table index uses the low bits only
    }

    private static boolean matches(String key, CharSequence chars, int start, int end) {
        if (key.length() != end - start) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != chars.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }
}
