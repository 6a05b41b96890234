package io.github.lruarena;

import static io.github.lruarena.PoolAssertions.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecycledLeaseSegmentsTest {

    private final SegmentPool pool = SegmentPool.builder().recycleLeaseSegments(true).build();

    @AfterEach
    void closePool() {
        assertConsistent(pool);
        pool.close();
    }

    @Test
    void blockHandsOutFourSegmentObjectsInTurn() {
        MemorySegment[] leases = new MemorySegment[5];
        for (int i = 0; i < 5; i++) {
            leases[i] = pool.acquire(1000);
            pool.release(leases[i]);
        }
        for (int i = 1; i < 4; i++) {
            assertNotSame(leases[0], leases[i]);
        }
        assertSame(leases[0], leases[4], "the fifth lease reuses the first lease's segment object");
        assertEquals(1000, leases[4].byteSize());
    }

    @Test
    void doubleReleaseIsStillRefused() {
        MemorySegment lease = pool.acquire(64);
        pool.release(lease);
        assertThrows(IllegalStateException.class, () -> pool.release(lease));
    }

    @Test
    void staleReleaseWithinThreeReleasesIsRefusedAndTheCurrentLeaseStaysOut() {
        MemorySegment stale = pool.acquire(64);
        pool.release(stale);
        MemorySegment current = pool.acquire(64);
        assertEquals(stale.address(), current.address());
        assertThrows(IllegalStateException.class, () -> pool.release(stale));
        assertEquals(64, pool.stats().inUseBytes());
        pool.release(current);
    }

    @Test
    void slicesAndForeignSegmentsAreStillRefused() {
        MemorySegment lease = pool.acquire(128);
        assertThrows(IllegalArgumentException.class, () -> pool.release(lease.asSlice(0, 64)));
        assertThrows(IllegalArgumentException.class, () -> pool.release(MemorySegment.ofArray(new byte[8])));
        pool.release(lease);
    }

    @Test
    void newByteSizeInTheSameClassGetsSegmentsOfThatSize() {
        MemorySegment a = pool.acquire(1000);
        pool.release(a);
        MemorySegment b = pool.acquire(1024);
        assertEquals(a.address(), b.address());
        assertEquals(1024, b.byteSize());
        pool.release(b);
    }

    @Test
    void cannotBeCombinedWithCheckedDebugMode() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SegmentPool.builder().recycleLeaseSegments(true).debug(DebugMode.CHECKED).build());
        assertTrue(e.getMessage().contains("CHECKED"), e.getMessage());
    }
}
