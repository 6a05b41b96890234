package io.github.lruarena.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The buffer allocations of one training step of a small MLP (784-512-256-10, batch 32, float32):
 * forward (input, pre-activations kept for backward, activations, matmul workspaces, loss
 * temporaries) then backward (output gradients, weight and bias gradients, optimizer temporaries),
 * each buffer freed as soon as the step no longer needs it. Sizes range from 16 B to 1.5 MiB, most
 * not powers of two.
 *
 * <p>The trace is a list of events: {@code size[i] > 0} allocates {@code size[i]} bytes into
 * {@code slot[i]}; {@code size[i] == 0} frees {@code slot[i]}. Every slot is freed by the end.
 */
final class MlpTrace {

    static final int[] DIMS = {784, 512, 256, 10};
    static final int BATCH = 32;
    private static final int FLOAT = 4;

    final int[] slot;
    final long[] size;
    /** Number of slots a replay needs. */
    final int slots;
    /** Allocations per step. */
    final int allocations;
    /** Peak of requested bytes live at once, freeing each buffer when the step is done with it. */
    final long peakLiveBytes;
    /** Requested bytes of all allocations of one step: the footprint when nothing is freed before step end. */
    final long stepBytes;

    private final List<int[]> events = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private int nextSlot;

    MlpTrace() {
        int layers = DIMS.length - 1;
        int input = alloc((long) BATCH * DIMS[0] * FLOAT);
        int[] pre = new int[layers];
        int[] act = new int[layers];
        for (int l = 0; l < layers; l++) {
            long out = (long) BATCH * DIMS[l + 1] * FLOAT;
            int workspace = alloc(out);          // x @ W
            pre[l] = alloc(out);                 // + b, kept for backward
            free(workspace);
            act[l] = alloc(out);                 // relu (softmax on the last layer), kept
        }
        int perSample = alloc((long) BATCH * FLOAT); // cross-entropy per sample
        int loss = alloc(16);                        // the scalar loss (and its grad)
        free(perSample);
        int dA = alloc((long) BATCH * DIMS[layers] * FLOAT); // dL/dlogits
        for (int l = layers - 1; l >= 0; l--) {
            long out = (long) BATCH * DIMS[l + 1] * FLOAT;
            long weights = (long) DIMS[l] * DIMS[l + 1] * FLOAT;
            int dZ = alloc(out);                         // dA * relu'(pre)
            free(dA);
            int dW = alloc(weights);                     // x^T @ dZ
            int db = alloc((long) DIMS[l + 1] * FLOAT);  // sum over the batch
            dA = l > 0 ? alloc((long) BATCH * DIMS[l] * FLOAT) : -1; // dZ @ W^T
            free(dZ);
            free(pre[l]);
            free(act[l]);
            int update = alloc(weights);                 // optimizer: momentum * v + lr * dW
            free(update);
            free(dW);
            free(db);
        }
        free(loss);
        free(input);

        slot = new int[events.size()];
        size = new long[events.size()];
        int allocs = 0;
        long live = 0;
        long peak = 0;
        long sum = 0;
        long[] bySlot = new long[nextSlot];
        for (int i = 0; i < slot.length; i++) {
            slot[i] = events.get(i)[0];
            size[i] = sizes.get(i);
            if (size[i] > 0) {
                allocs++;
                sum += size[i];
                live += size[i];
                bySlot[slot[i]] = size[i];
                peak = Math.max(peak, live);
            } else {
                live -= bySlot[slot[i]];
            }
        }
        if (live != 0) {
            throw new AssertionError("trace leaks " + live + " bytes");
        }
        slots = nextSlot;
        allocations = allocs;
        peakLiveBytes = peak;
        stepBytes = sum;
    }

    private int alloc(long bytes) {
        int s = nextSlot++;
        events.add(new int[] {s});
        sizes.add(bytes);
        return s;
    }

    private void free(int s) {
        events.add(new int[] {s});
        sizes.add(0L);
    }

    public static void main(String[] args) {
        MlpTrace t = new MlpTrace();
        System.out.println("events " + t.slot.length + ", allocations " + t.allocations + ", peak live "
                + t.peakLiveBytes + " B, step bytes " + t.stepBytes + " B");
        for (int i = 0; i < t.slot.length; i++) {
            System.out.println((t.size[i] > 0 ? "alloc " + t.size[i] : "free") + " #" + t.slot[i]);
        }
    }
}
