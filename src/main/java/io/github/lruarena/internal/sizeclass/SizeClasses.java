package io.github.lruarena.internal.sizeclass;

/**
 * The size-class table: maps a requested {@code byteSize} to the index of the class that serves it,
 * and an index back to the class's {@code byteSize}.
 *
 * <p>Classes {@code 0..7} are the exact sizes 1 to 8 bytes. Above 8 bytes every power-of-two range
 * {@code (2^k, 2^(k+1)]} is cut into four classes of step {@code 2^(k-2)}:
 * 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, ... A request is rounded up to the next class, so the waste
 * {@code (classByteSize - byteSize) / byteSize} is below 25% for every {@code byteSize} from 1 byte to
 * {@link #MAX_BYTE_SIZE}: the worst case is {@code byteSize = 2^k + 1}, which wastes
 * {@code (2^(k-2) - 1) / (2^k + 1)}. A request of 0 bytes is served by the 1-byte class.
 *
 * <p>Every block of a class is aligned to {@link #blockAlignment(int)}, the largest power of two
 * not above its {@code byteSize}, clamped to {@code [16, 2 MiB]}. A request with a larger
 * {@code byteAlignment} is served by the class of {@code max(byteSize, byteAlignment)}.
 *
 * <p>Stateless; all methods are pure and thread-safe.
 */
public final class SizeClasses {

    /** Number of exact classes at the bottom of the table (1 to 8 bytes). */
    private static final int EXACT_CLASSES = 8;
    private static final int LOG2_EXACT = 3;
    /** Classes per power-of-two range above {@link #EXACT_CLASSES}; four keeps waste under 25%. */
    private static final int LOG2_CLASSES_PER_DOUBLING = 2;
    private static final int CLASSES_PER_DOUBLING = 1 << LOG2_CLASSES_PER_DOUBLING;

    /** log2 of {@link #MAX_BYTE_SIZE}. */
    private static final int LOG2_MAX = 46;

    /** The largest {@code byteSize} the pool serves: 64 TiB, far above any machine's memory. */
    public static final long MAX_BYTE_SIZE = 1L << LOG2_MAX;

    /** The smallest alignment of every block: what {@code malloc} guarantees on 64-bit platforms. */
    public static final long MIN_ALIGNMENT = 16;

    /** The largest {@code byteAlignment} the pool honours: a huge page. */
    public static final long MAX_ALIGNMENT = 2L << 20;

    /** Number of size classes; valid indexes are {@code 0 <= index < COUNT}. */
    public static final int COUNT = EXACT_CLASSES + (LOG2_MAX - LOG2_EXACT) * CLASSES_PER_DOUBLING;

    private SizeClasses() {
    }

    /**
     * Returns the index of the class serving {@code byteSize}.
     *
     * @param byteSize requested size, {@code 0 <= byteSize <= MAX_BYTE_SIZE} (checked by the caller)
     * @return the class index, {@code 0 <= index < COUNT}
     */
    public static int indexOf(long byteSize) {
        if (byteSize <= EXACT_CLASSES) {
            return (int) Math.max(byteSize, 1) - 1;
        }
        int log2Floor = 63 - Long.numberOfLeadingZeros(byteSize - 1); // 2^log2Floor < byteSize
        int log2Step = log2Floor - LOG2_CLASSES_PER_DOUBLING;
        long above = byteSize - (1L << log2Floor);
        int step = (int) ((above + (1L << log2Step) - 1) >>> log2Step); // 1..4
        return EXACT_CLASSES + (log2Floor - LOG2_EXACT) * CLASSES_PER_DOUBLING + step - 1;
    }

    /**
     * Returns the index of the class serving {@code byteSize} at {@code byteAlignment}.
     *
     * @param byteSize      {@code 0 <= byteSize <= MAX_BYTE_SIZE}
     * @param byteAlignment a power of two, {@code byteAlignment <= MAX_ALIGNMENT}
     * @return the class index; {@code blockAlignment(index) >= byteAlignment}
     */
    public static int indexOf(long byteSize, long byteAlignment) {
        return indexOf(byteAlignment <= MIN_ALIGNMENT ? byteSize : Math.max(byteSize, byteAlignment));
    }

    /**
     * Returns the {@code byteSize} of the blocks of class {@code index}.
     *
     * @param index {@code 0 <= index < COUNT}
     * @return the class size in bytes
     */
    public static long byteSize(int index) {
        if (index < EXACT_CLASSES) {
            return index + 1;
        }
        int above = index - EXACT_CLASSES;
        int log2Floor = LOG2_EXACT + (above >>> LOG2_CLASSES_PER_DOUBLING);
        int step = (above & (CLASSES_PER_DOUBLING - 1)) + 1;
        return (1L << log2Floor) + ((long) step << (log2Floor - LOG2_CLASSES_PER_DOUBLING));
    }

    /**
     * Returns the alignment of every block of class {@code index}: the largest power of two not above
     * {@code byteSize(index)}, clamped to {@code [MIN_ALIGNMENT, MAX_ALIGNMENT]}.
     *
     * @param index {@code 0 <= index < COUNT}
     * @return the block alignment in bytes, a power of two
     */
    public static long blockAlignment(int index) {
        long natural = Long.highestOneBit(byteSize(index));
        return Math.min(Math.max(natural, MIN_ALIGNMENT), MAX_ALIGNMENT);
    }
}
