package org.moshsim.backend.cuda;

import static org.moshsim.backend.cuda.DeviceMemory.Element.FLOAT;
import static org.moshsim.backend.cuda.DeviceMemory.Element.INT;

import org.moshsim.compress.Blockwise8Bit;
import org.moshsim.compress.Codec;
import org.moshsim.compress.Float16;
import org.moshsim.compress.GroupQuantizer;

/**
 * The codec round trips of compressed plans on the device (cuda-kernels/compress.cu): the rows that peers send are
 * decoded into a second copy of the matrix, which the averaging and mixing kernels read instead of the values.
 */
final class CudaCompression implements AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final DeviceMemory decoded = new DeviceMemory("codec buffer (a second copy of the peer matrix)", FLOAT);
    private final DeviceMemory senders = new DeviceMemory("plan's senders", INT);

    CudaCompression(CudaDevice device) {
        this.device = device;
    }

    /** Writes the round trip of rows {@code rows[0 .. count - 1]} of {@code values} into the codec buffer; returns it. */
    DeviceMemory decode(Codec codec, int[] rows, int count, DeviceMemory values, int peers, int dim) {
        decoded.ensure((long) peers * dim);
        DeviceMemory listed = senders.upload(count == rows.length ? rows : java.util.Arrays.copyOf(rows, count));
        if (codec instanceof Float16) {
            device.launch(Kernel.ROUND_TRIP_FLOAT16, grid((long) count * dim), 1, THREADS, values, decoded, listed, count, dim);
        } else if (codec instanceof Blockwise8Bit blockwise) {
            int blocks = (dim + blockwise.blockSize() - 1) / blockwise.blockSize();
            device.launch(Kernel.ROUND_TRIP_BLOCKWISE8, grid((long) count * blocks), 1, THREADS, values, decoded, listed, count,
                    dim, blockwise.blockSize());
        } else {
            GroupQuantizer quantizer = (GroupQuantizer) codec;
            int groups = (dim + quantizer.groupSize() - 1) / quantizer.groupSize();
            device.launch(Kernel.ROUND_TRIP_GROUP, grid((long) count * groups), 1, THREADS, values, decoded, listed, count, dim,
                    quantizer.groupSize(), quantizer.levels());
        }
        return decoded;
    }

    private int grid(long work) {
        return device.grid(work);
    }

    void poison() {
        decoded.poison();
    }

    /** Frees the codec buffer (the matrix it shadows is resized or gone). */
    void release() {
        decoded.close();
    }

    @Override
    public void close() {
        decoded.close();
        senders.close();
    }
}
