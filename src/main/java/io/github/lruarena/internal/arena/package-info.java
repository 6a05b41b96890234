/**
 * Pooled arenas: {@link java.lang.foreign.Arena}s whose segments are pool blocks bound to a JDK
 * arena's scope, so the JVM itself refuses access after close.
 */
package io.github.lruarena.internal.arena;
