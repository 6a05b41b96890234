package io.github.lruarena.internal.debug;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The debug mode's poison: released blocks are filled with {@link #BYTE}, and a reused block whose
 * poison changed was written after its release.
 */
public final class Poison {

    /** The poison byte: odd, non-zero, and unlikely as a float, pointer or small integer. */
    public static final byte BYTE = (byte) 0xDB;

    private static final long WORD = 0xDBDBDBDBDBDBDBDBL;

    private Poison() {
    }

    /** Fills {@code block} with poison. */
    public static void fill(MemorySegment block) {
        block.fill(BYTE);
    }

    /**
     * @param block a segment filled by {@link #fill}
     * @return the offset of the first byte that is no longer poison, or {@code -1} if none changed
     */
    public static long firstChanged(MemorySegment block) {
        long size = block.byteSize();
        long offset = 0;
        while (offset + Long.BYTES <= size && block.get(ValueLayout.JAVA_LONG_UNALIGNED, offset) == WORD) {
            offset += Long.BYTES;
        }
        for (; offset < size; offset++) {
            if (block.get(ValueLayout.JAVA_BYTE, offset) != BYTE) {
                return offset;
            }
        }
        return -1;
    }
}
