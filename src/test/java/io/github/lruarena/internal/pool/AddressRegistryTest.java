package io.github.lruarena.internal.pool;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.lruarena.internal.freelist.Block;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRegistryTest {

    private final AddressRegistry registry = new AddressRegistry();

    /** A block object over a made-up address; the registry never touches its memory. */
    private static Block block(long address) {
        return new Block(MemorySegment.ofAddress(address), 0);
    }

    @Test
    void findsEveryRegisteredBlockThroughRehashesAndNothingElse() {
        List<Block> blocks = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            Block b = block(i * 4096L);
            blocks.add(b);
            registry.put(b);
        }
        for (Block b : blocks) {
            assertSame(b, registry.get(b.address()));
        }
        assertNull(registry.get(4096L * 10_001));
        assertNull(registry.get(16));
    }

    @Test
    void removedBlockIsGoneAndItsNeighboursStay() {
        Block a = block(0x1000);
        Block b = block(0x2000);
        registry.put(a);
        registry.put(b);
        registry.remove(a);
        assertNull(registry.get(0x1000));
        assertSame(b, registry.get(0x2000));
    }

    @Test
    void newBlockAtAReusedAddressReplacesTheOldAndSurvivesTheOldOnesRemoval() {
        Block old = block(0x5000);
        Block fresh = block(0x5000);
        registry.put(old);
        registry.put(fresh);
        assertSame(fresh, registry.get(0x5000));
        registry.remove(old); // a late removal of the freed block must not drop the new one
        assertSame(fresh, registry.get(0x5000));
    }

    @Test
    void churnOfPutsAndRemovesKeepsLookupsRight() {
        for (int round = 0; round < 50; round++) {
            List<Block> live = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Block b = block((round * 1000L + i + 1) * 16);
                registry.put(b);
                live.add(b);
            }
            for (int i = 0; i < live.size(); i += 2) {
                registry.remove(live.get(i));
            }
            for (int i = 0; i < live.size(); i++) {
                Block b = live.get(i);
                if (i % 2 == 0) {
                    assertNull(registry.get(b.address()));
                } else {
                    assertSame(b, registry.get(b.address()));
                    registry.remove(b);
                }
            }
        }
    }
}
