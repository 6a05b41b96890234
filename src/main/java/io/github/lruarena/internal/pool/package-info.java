/**
 * The pool's engine: block accounting, the address registry, the {@code maxTotalBytes} limit and
 * the out-of-memory retry, on top of the free-list. Request checks shared by raw leases and arenas.
 */
package io.github.lruarena.internal.pool;
