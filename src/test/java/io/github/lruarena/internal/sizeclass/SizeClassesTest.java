package io.github.lruarena.internal.sizeclass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SizeClassesTest {

    @Test
    void wasteStaysAtOrUnderTwentyFivePercentForEverySizeFromOneByteTo64MiB() {
        double worst = 0;
        long worstSize = 0;
        for (long size = 1; size <= 64L << 20; size++) {
            long classSize = SizeClasses.byteSize(SizeClasses.indexOf(size));
            double waste = (classSize - size) / (double) size;
            if (waste > worst) {
                worst = waste;
                worstSize = size;
            }
        }
        assertTrue(worst <= 0.25, "worst waste " + worst + " at byteSize " + worstSize);
    }

    @Test
    void wasteStaysUnderTwentyFivePercentAbove64MiB() {
        for (int log2 = 26; log2 < 46; log2++) {
            for (long size : new long[] {(1L << log2) + 1, (1L << log2) + (1L << (log2 - 2)) + 1,
                    (1L << (log2 + 1)) - 1}) {
                long classSize = SizeClasses.byteSize(SizeClasses.indexOf(size));
                assertTrue(classSize >= size && classSize - size < size / 4, "byteSize " + size);
            }
        }
    }

    @Test
    void everyClassServesItsOwnSizeAndTheSizeJustAboveGoesToTheNext() {
        for (int index = 0; index < SizeClasses.COUNT; index++) {
            long size = SizeClasses.byteSize(index);
            assertEquals(index, SizeClasses.indexOf(size), "class size " + size);
            if (index + 1 < SizeClasses.COUNT) {
                assertEquals(index + 1, SizeClasses.indexOf(size + 1), "byteSize " + (size + 1));
            }
        }
    }

    @Test
    void tableStartsExactThenFourClassesPerDoubling() {
        long[] expected = {1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], SizeClasses.byteSize(i));
        }
        assertEquals(SizeClasses.MAX_BYTE_SIZE, SizeClasses.byteSize(SizeClasses.COUNT - 1));
    }

    @Test
    void zeroBytesIsServedByTheOneByteClass() {
        assertEquals(0, SizeClasses.indexOf(0));
    }

    @Test
    void classChosenForAnAlignmentHasBlocksAlignedAtLeastThatMuch() {
        for (long alignment = 1; alignment <= SizeClasses.MAX_ALIGNMENT; alignment <<= 1) {
            for (long size : new long[] {0, 1, 100, alignment - 1, alignment, alignment + 1, 5_000_000}) {
                if (size < 0) {
                    continue;
                }
                int index = SizeClasses.indexOf(size, alignment);
                assertTrue(SizeClasses.blockAlignment(index) >= alignment,
                        "size " + size + " alignment " + alignment);
                assertTrue(SizeClasses.byteSize(index) >= size);
            }
        }
    }
}
