/**
 * The size-class table: which class serves a request, and how big and how aligned its blocks are.
 * Pure arithmetic, no state.
 */
package io.github.lruarena.internal.sizeclass;
