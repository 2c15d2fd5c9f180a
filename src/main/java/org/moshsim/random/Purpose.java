package org.moshsim.random;

/** What a random stream is for. The code is part of every stream's counter, so purposes never share numbers. */
public enum Purpose {
    INITIAL_VALUES(1),
    FAILURES(2),
    PLACEMENT(3),
    GROUPS(4),
    CHUNK_INDICES(5),
    PROFILES(6),
    PEER_PROPERTIES(7),
    DELAYS(8),
    CHURN(9),
    PARTNERS(10),
    DATA_SPLIT(11),
    DATA_PARTITION(12),
    MODEL_INIT(13),
    BATCHES(14),
    STEP_TIMES(15),
    SYNTHETIC_DATA(16),
    JOINS(17),
    COMPRESSION(18),
    PACKET_LOSS(19),
    MICRO_BATCH_TIMES(20);

    final int code;

    Purpose(int code) {
        this.code = code;
    }

    /** The value of the counter's last word for this purpose (the CUDA kernels use the same codes). */
    public int code() {
        return code;
    }
}
