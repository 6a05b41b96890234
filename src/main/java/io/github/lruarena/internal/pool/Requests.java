package io.github.lruarena.internal.pool;

import io.github.lruarena.internal.sizeclass.SizeClasses;

/**
 * Checks a request's {@code byteSize} and {@code byteAlignment} and maps it to a size class, with
 * the error messages the public API promises: each names the bad value and the allowed range.
 */
public final class Requests {

    private Requests() {
    }

    /**
     * Returns the size class serving a request.
     *
     * @param byteSize      {@code 0 <= byteSize <= SizeClasses.MAX_BYTE_SIZE}
     * @param byteAlignment a power of two, {@code 1 <= byteAlignment <= SizeClasses.MAX_ALIGNMENT}
     * @return the size class index
     * @throws IllegalArgumentException naming the bad value if either is out of range
     */
    public static int sizeClassOf(long byteSize, long byteAlignment) {
        if (byteSize < 0 || byteSize > SizeClasses.MAX_BYTE_SIZE) {
            throw new IllegalArgumentException("byteSize must be in [0, " + SizeClasses.MAX_BYTE_SIZE
                    + "]: " + byteSize);
        }
        if (byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1
                || byteAlignment > SizeClasses.MAX_ALIGNMENT) {
            throw new IllegalArgumentException("byteAlignment must be a power of two in [1, "
                    + SizeClasses.MAX_ALIGNMENT + "]: " + byteAlignment);
        }
        return SizeClasses.indexOf(byteSize, byteAlignment);
    }
}
