package vn.vnnews.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordCacheTest {

    private final WordCache<String> cache = new WordCache<>();
    private final List<String> computed = new ArrayList<>();

    private String lookUp(CharSequence chars, int start, int end) {
        return cache.get(chars, start, end, word -> {
            computed.add(word);
            return word.toUpperCase(java.util.Locale.ROOT);
        });
    }

    @Test
    void computesEachWordOnceWhateverTheSurroundings() {
        String first = lookUp("xx hòa yy", 3, 6);
        assertEquals("HÒA", first);
        assertSame(first, lookUp("hòa", 0, 3));
        assertSame(first, lookUp(new StringBuilder("a hòa"), 2, 5));
        assertEquals("HÒ", lookUp("hòa", 0, 2));
        assertEquals(List.of("hòa", "hò"), computed);
    }

    @Test
    void keepsEveryWordWhileGrowing() {
        for (int i = 0; i < 5000; i++) {
            assertEquals("W" + i, lookUp("w" + i, 0, ("w" + i).length()));
        }
        for (int i = 0; i < 5000; i++) {
            assertEquals("W" + i, lookUp("w" + i, 0, ("w" + i).length()));
        }
        assertEquals(5000, computed.size());
    }

    @Test
    void startsOverWhenFullAndStaysCorrect() {
        for (int i = 0; i <= WordCache.CAPACITY; i++) {
            lookUp("w" + i, 0, ("w" + i).length());
        }
        computed.clear();
        assertEquals("W0", lookUp("w0", 0, 2));
        assertEquals(List.of("w0"), computed);
    }
}
