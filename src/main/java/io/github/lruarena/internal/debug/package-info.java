/**
 * The debug mode's poison pattern: written into released blocks, checked when they are reused.
 */
package io.github.lruarena.internal.debug;
