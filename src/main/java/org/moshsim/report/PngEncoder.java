package org.moshsim.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an RGB image as a PNG (ISO/IEC 15948): 8 bits per channel, every row filtered by its left neighbour (filter
 * type 1, Sub), deflated at the default level. ImageIO's writer copies the whole raster and tries all five filters on
 * every row, which made the PNG the costliest step of writing a results folder; a chart is mostly flat colour, which Sub
 * turns into runs of zeros, so one fixed filter compresses it about as well.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int SUB = 1;

    private PngEncoder() {
    }

    /** Writes {@code image} (of type {@link BufferedImage#TYPE_INT_RGB}) to {@code out}. */
    static void write(BufferedImage image, OutputStream out) throws IOException {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("an RGB image of ints, not type " + image.getType());
        }
        int width = image.getWidth();
        int height = image.getHeight();
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        out.write(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream(13);
        DataOutputStream fields = new DataOutputStream(header);
        fields.writeInt(width);
        fields.writeInt(height);
        fields.write(new byte[] {8, 2, 0, 0, 0}); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
        chunk(out, "IHDR", header.toByteArray(), header.size());
        Deflater deflater = new Deflater();
        try (Chunks data = new Chunks(out); DeflaterOutputStream zlib = new DeflaterOutputStream(data, deflater, 1 << 16)) {
            byte[] row = new byte[1 + 3 * width];
            row[0] = SUB;
            for (int y = 0; y < height; y++) {
                int left = 0;
                for (int x = 0, at = y * width; x < width; x++, at++) {
                    int pixel = pixels[at];
                    row[1 + 3 * x] = (byte) ((pixel >>> 16) - (left >>> 16));
                    row[2 + 3 * x] = (byte) ((pixel >>> 8) - (left >>> 8));
                    row[3 + 3 * x] = (byte) (pixel - left);
                    left = pixel;
                }
                zlib.write(row);
            }
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
    }

    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        DataOutputStream fields = new DataOutputStream(out);
        fields.writeInt(length);
        fields.write(name);
        fields.write(data, 0, length);
        fields.writeInt((int) crc.getValue());
        fields.flush();
    }

    /** The zlib stream cut into IDAT chunks of up to 64 KiB; closing writes the last one (and leaves {@code out} open). */
    private static final class Chunks extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[1 << 16];
        private int size;

        Chunks(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (size == buffer.length) {
                flushChunk();
            }
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (size == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - size);
                System.arraycopy(bytes, offset, buffer, size, n);
                size += n;
                offset += n;
                length -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (size > 0) {
                chunk(out, "IDAT", buffer, size);
                size = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flushChunk();
        }
    }
}
