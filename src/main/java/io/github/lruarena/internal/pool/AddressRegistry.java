package io.github.lruarena.internal.pool;

import io.github.lruarena.internal.freelist.Block;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Blocks by address: how a released segment finds its block in O(1), with no boxing and no lock.
 *
 * <p>An open-addressing table with linear probing. {@link #get} takes no lock; {@link #put} and
 * {@link #remove} (called on misses and frees only) hold this object's monitor. A writer stores the
 * value, then the key, each with {@code setRelease}; a reader loads the key, then the value, each with
 * {@code getAcquire}, and accepts the value only if its own {@code address()} matches: a slot being
 * reused under a reader can only make it see a block of another address, which it rejects, or miss.
 * A reader that misses an entry being written cannot be asked for it: a block is registered before its
 * first lease is handed out, and that hand-off orders the registration before the release that looks
 * it up. Removed slots become tombstones; a rehash (into a new table, published through a volatile
 * field) drops them. Readers still on the old table see it as it was, which is as good as a stale read.
 */
final class AddressRegistry {

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Block[].class);

    private static final long EMPTY = 0;      // no block has address 0
    private static final long TOMBSTONE = -1; // nor address -1

    private static final class Table {
        final long[] keys;
        final Block[] values;
        final int mask;

        Table(int capacity) {
            keys = new long[capacity];
            values = new Block[capacity];
            mask = capacity - 1;
        }
    }

    private volatile Table table = new Table(64);
    /** Live entries and tombstones of {@link #table}; guarded by this object's monitor. */
    private int live;
    private int tombstones;

    /**
     * @param address a segment's address
     * @return the block registered at {@code address}, or {@code null}
     */
    Block get(long address) {
        Table t = table;
        for (int i = slot(address, t.mask); ; i = (i + 1) & t.mask) {
            long key = (long) KEYS.getAcquire(t.keys, i);
            if (key == address) {
                Block block = (Block) VALUES.getAcquire(t.values, i);
                if (block != null && block.address() == address) {
                    return block;
                }
            } else if (key == EMPTY) {
                return null;
            }
        }
    }

    /** Registers {@code block} at its address, replacing any block registered there. */
    synchronized void put(Block block) {
        long address = block.address();
        Table t = table;
        int free = -1;
        for (int i = slot(address, t.mask); ; i = (i + 1) & t.mask) {
            long key = t.keys[i];
            if (key == address) {
                VALUES.setRelease(t.values, i, block);
                return;
            }
            if (key == TOMBSTONE && free < 0) {
                free = i;
            } else if (key == EMPTY) {
                if (free < 0) {
                    free = i;
                } else {
                    tombstones--;
                }
                break;
            }
        }
        VALUES.setRelease(t.values, free, block);
        KEYS.setRelease(t.keys, free, address);
        live++;
        if ((live + tombstones) * 2 > t.keys.length) {
            rehash(live * 4 > t.keys.length ? t.keys.length * 2 : t.keys.length);
        }
    }

    /** Removes {@code block} if it is the one registered at its address. */
    synchronized void remove(Block block) {
        long address = block.address();
        Table t = table;
        for (int i = slot(address, t.mask); ; i = (i + 1) & t.mask) {
            long key = t.keys[i];
            if (key == address) {
                if (t.values[i] == block) {
                    KEYS.setRelease(t.keys, i, TOMBSTONE);
                    VALUES.setRelease(t.values, i, null);
                    live--;
                    tombstones++;
                }
                return;
            }
            if (key == EMPTY) {
                return;
            }
        }
    }

    private void rehash(int capacity) {
        Table old = table;
        Table fresh = new Table(capacity);
        for (int i = 0; i < old.keys.length; i++) {
            long key = old.keys[i];
            if (key != EMPTY && key != TOMBSTONE) {
                int j = slot(key, fresh.mask);
                while (fresh.keys[j] != EMPTY) {
                    j = (j + 1) & fresh.mask;
                }
                fresh.keys[j] = key;
                fresh.values[j] = old.values[i];
            }
        }
        tombstones = 0;
        table = fresh; // volatile write publishes the filled arrays
    }

    private static int slot(long address, int mask) {
        // Blocks are at least 16-byte aligned: mix the high bits down before masking.
        long h = address * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }
}
