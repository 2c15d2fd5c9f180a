package org.moshsim.compress;

/** D values cut into N contiguous shards as equal as possible: the first D mod N shards have one more. */
record Shards(int length, int count) {
    int start(int shard) {
        int base = length / count;
        return shard * base + Math.min(shard, length % count);
    }

    int size(int shard) {
        return length / count + (shard < length % count ? 1 : 0);
    }
}
