package io.github.lruarena.stress;

import java.lang.reflect.Field;

/**
 * Pins the calling thread's home stripe, so that a test knows which stripe each actor releases to
 * and takes from first.
 *
 * <p>The pool gives every thread a home stripe on its first use, round-robin from a global counter
 * ({@code StripedFreeList.HOME}, a {@code ThreadLocal<Integer>}; the stripe is {@code HOME & (stripes
 * - 1)}). Which home a jcstress actor thread gets therefore depends on how many threads touched any
 * pool before it, which a test cannot control. This helper sets that thread-local directly, through
 * reflection (the library runs from the class path in the jcstress jar, so its private fields are
 * accessible); it reads or writes nothing else of the library. A test calls {@link #pin(int)} at the
 * start of every actor method (and of its state constructor when that releases blocks), so that the
 * actor's placement does not depend on which thread jcstress runs it on.
 *
 * <p>If the library renames the field, every test that pins fails at class initialisation with an
 * {@link ExceptionInInitializerError} naming it, rather than silently testing another placement.
 */
public final class HomeStripe {

    private static final ThreadLocal<Integer> HOME = home();

    private HomeStripe() {
    }

    /**
     * Makes stripe {@code index} the calling thread's home stripe in every pool with more than
     * {@code index} stripes (stripe counts are powers of two, so with 2 stripes: 0 or 1).
     *
     * @param index the stripe index, {@code >= 0}
     */
    public static void pin(int index) {
        HOME.set(index);
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<Integer> home() {
        try {
            Class<?> freeList = Class.forName("io.github.lruarena.internal.freelist.StripedFreeList");
            Field field = freeList.getDeclaredField("HOME");
            field.setAccessible(true);
            return (ThreadLocal<Integer>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "Cannot pin home stripes: StripedFreeList.HOME is not a static ThreadLocal<Integer>", e));
        }
    }
}
