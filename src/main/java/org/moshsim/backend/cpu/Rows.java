package org.moshsim.backend.cpu;

import org.moshsim.BadInput;

/**
 * N rows of D floats in blocks of at most 2^26 values, so that a matrix may exceed Java's 2^31 array limit
 * while each row stays contiguous. A block holds a power of two of rows, so finding a row is a shift.
 */
final class Rows {
    private static final int BLOCK_VALUES = 1 << 26;

    final int rows;
    final int dim;
    private final int shift;
    private final int mask;
    private final float[][] blocks;

    Rows(int rows, int dim) {
        this(rows, dim, BLOCK_VALUES);
    }

    /** Rows in blocks of at most {@code blockValues} values (tests use small blocks). */
    Rows(int rows, int dim, int blockValues) {
        this.rows = rows;
        this.dim = dim;
        this.shift = 31 - Integer.numberOfLeadingZeros(Math.max(1, blockValues / dim));
        this.mask = (1 << shift) - 1;
        int rowsPerBlock = 1 << shift;
        int blockCount = (rows + rowsPerBlock - 1) / rowsPerBlock;
        this.blocks = new float[blockCount][];
        for (int b = 0; b < blockCount; b++) {
            blocks[b] = new float[Math.min(rowsPerBlock, rows - b * rowsPerBlock) * dim];
        }
    }

    /** The whole matrix as one array, when it fits in one block (else null): row i starts at i * dim. */
    float[] flat() {
        return blocks.length == 1 ? blocks[0] : null;
    }

    /** The array holding a row. */
    float[] block(int row) {
        return blocks[row >>> shift];
    }

    /** Where a row starts in its block. */
    int offset(int row) {
        return (row & mask) * dim;
    }

    /**
     * A second matrix of this shape (mixing's output, a codec's decoded rows), or bad input, saying what needs it,
     * when it does not fit in memory.
     */
    Rows copyShape(String purpose) {
        try {
            return new Rows(rows, dim);
        } catch (OutOfMemoryError e) {
            throw new BadInput(String.format("%s %d x %d values needs a second copy of the matrix (%.1f GiB) that does "
                    + "not fit; lower dim or peers, or give Java more memory (JAVA_OPTS=-Xmx...)", purpose, rows, dim,
                    bytes(rows, dim) / 0x1p30));
        }
    }

    /** Bytes a matrix of this shape needs. */
    static long bytes(long rows, long dim) {
        return rows * dim * Float.BYTES;
    }
}
