package org.moshsim.lossy;

/**
 * How a vector of float32 values is cut into packets: packet k carries values [k V, min((k + 1) V, D)).
 *
 * @param valuesPerPacket V, e.g. 350 for a 1400-byte payload
 */
public record PacketLayout(int valuesPerPacket) {
    /** Bytes per float32 value. */
    public static final int VALUE_BYTES = Float.BYTES;

    public PacketLayout {
        if (valuesPerPacket < 1) {
            throw new IllegalArgumentException("a packet must carry at least one value, got " + valuesPerPacket);
        }
    }

    /** Packets of this many payload bytes (1400 fits an Ethernet MTU with headers): bytes / 4 values each. */
    public static PacketLayout ofPayloadBytes(int packetBytes) {
        return new PacketLayout(packetBytes / VALUE_BYTES);
    }

    /** Packets needed for D values: ceil(D / V). */
    public int packets(int dimension) {
        return (dimension + valuesPerPacket - 1) / valuesPerPacket;
    }

    /** First value index of packet k. */
    public int start(int packet) {
        return packet * valuesPerPacket;
    }

    /** One past the last value index of packet k in a vector of D values. */
    public int end(int packet, int dimension) {
        return Math.min(dimension, (packet + 1) * valuesPerPacket);
    }
}
