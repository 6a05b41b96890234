package io.github.lruarena.bench;

import io.netty.buffer.ByteBuf;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * What every benchmark does with a buffer, and the C allocator baseline.
 *
 * <p>"Touch" writes a long at offset 0 and at the last 8 bytes, then reads the first back: two
 * stores the JIT cannot drop (native memory), at both ends of the buffer, so a lazily mapped page at
 * either end is faulted in like any real use would.
 */
final class Mem {

    private static final Linker LINKER = Linker.nativeLinker();

    /** {@code void *malloc(size_t)}, with the same downcall options as the pool's aligned_alloc. */
    private static final MethodHandle MALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("malloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.critical(false));

    /** {@code void free(void *)}. */
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
            Linker.Option.critical(false));

    private Mem() {
    }

    /** Writes a long at both ends of {@code segment} ({@code size >= 8}) and reads the first back. */
    static long touch(MemorySegment segment, long size) {
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, size);
        segment.set(ValueLayout.JAVA_LONG_UNALIGNED, size - 8, size);
        return segment.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
    }

    /** The same touch on a Netty buffer of capacity {@code size}. */
    static long touch(ByteBuf buf, int size) {
        buf.setLong(0, size);
        buf.setLong(size - 8, size);
        return buf.getLong(0);
    }

    /** {@code malloc(size)} as a segment of {@code size} bytes; throws OutOfMemoryError on NULL. */
    static MemorySegment malloc(long size) {
        MemorySegment p;
        try {
            p = (MemorySegment) MALLOC.invokeExact(size);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (p.address() == 0) {
            throw new OutOfMemoryError("malloc(" + size + ")");
        }
        return p.reinterpret(size);
    }

    /** {@code free(segment)}. */
    static void free(MemorySegment segment) {
        try {
            FREE.invokeExact(segment);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
