/**
 * JFR events, all named {@code io.github.lruarena.*}. Every commit site checks {@code isEnabled()} or
 * {@code shouldCommit()} first, and none sits on a pool hit: with no recording they cost a branch.
 */
package io.github.lruarena.internal.events;
