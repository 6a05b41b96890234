/**
 * Leak detection: which leases and arenas are tracked, the cleaner actions that reclaim the leaked
 * ones, and the reports.
 */
package io.github.lruarena.internal.leak;
