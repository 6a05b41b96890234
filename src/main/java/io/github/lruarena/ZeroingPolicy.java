package io.github.lruarena;

/**
 * Which memory a {@link SegmentPool} fills with zeros before handing it out.
 *
 * <p>Zeroing costs a pass over the memory: about as much as touching it once. A block that comes back
 * from the pool holds whatever its last user wrote, so memory is zeroed only where the policy says.
 */
public enum ZeroingPolicy {

    /** Nothing is zeroed: raw leases and pooled-arena segments hold unspecified contents. */
    NEVER,

    /**
     * Pooled-arena segments are zeroed, as {@link java.lang.foreign.Arena#allocate(long, long)}
     * specifies for the JDK's arenas; raw leases hold unspecified contents, as with {@code malloc}.
     * The default.
     */
    ARENAS,

    /** Raw leases and pooled-arena segments are all zeroed. */
    ALWAYS
}
