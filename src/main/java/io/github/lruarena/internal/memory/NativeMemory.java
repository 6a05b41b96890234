package io.github.lruarena.internal.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The C library's {@code aligned_alloc} and {@code free}, called through the FFM {@link Linker}.
 *
 * <p>This is the only place the pool gets native memory from and gives it back to. It is used on
 * misses and evictions only, never on a pool hit. Thread-safe: the C allocator is.
 *
 * <p>Both downcalls are restricted methods: the library's module needs
 * {@code --enable-native-access=io.github.lruarena} (or {@code ALL-UNNAMED} on the class path).
 */
@SuppressWarnings("restricted") // this class is where the pool meets native memory; see the class comment
public final class NativeMemory {

    private static final Linker LINKER = Linker.nativeLinker();

    // critical(false): neither function touches the Java heap or blocks for long, so the downcall
    // may skip the thread-state transition; this is the JDK's own advice for malloc-like calls.
    private static final MethodHandle ALIGNED_ALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("aligned_alloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.critical(false));

    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
            Linker.Option.critical(false));

    private NativeMemory() {
    }

    /**
     * Allocates {@code byteSize} bytes aligned to {@code byteAlignment}; the contents are not zeroed.
     *
     * @param byteSize      {@code byteSize > 0}
     * @param byteAlignment a power of two, {@code byteAlignment >= 16}
     * @return the address, or {@code 0} when the C allocator has no memory
     */
    public static long allocate(long byteSize, long byteAlignment) {
        try {
            return ((MemorySegment) ALIGNED_ALLOC.invokeExact(byteAlignment, byteSize)).address();
        } catch (Throwable t) {
            throw new AssertionError("aligned_alloc downcall failed", t);
        }
    }

    /**
     * Frees memory returned by {@link #allocate}. The caller guarantees no segment over it is used again.
     *
     * @param address an address returned by {@link #allocate} and not freed since
     */
    public static void free(long address) {
        try {
            FREE.invokeExact(MemorySegment.ofAddress(address));
        } catch (Throwable t) {
            throw new AssertionError("free downcall failed", t);
        }
    }

    /**
     * Returns a segment of global scope over {@code byteSize} bytes at {@code address}: the pool's own
     * handle on a block, never handed to users as it is.
     *
     * @param address  the block's address
     * @param byteSize the block's size
     * @return the segment
     */
    public static MemorySegment segment(long address, long byteSize) {
        return MemorySegment.ofAddress(address).reinterpret(byteSize);
    }
}
