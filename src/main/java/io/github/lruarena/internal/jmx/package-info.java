/**
 * The optional JMX MXBean of a pool.
 */
package io.github.lruarena.internal.jmx;
