/**
 * Where native memory comes from and goes back to: the C allocator through the FFM Linker.
 */
package io.github.lruarena.internal.memory;
