// Lost packets as the host packs them (backend/cuda/LostPackets): bit p of link L is bit (p & 31) of
// lost[L * words_per_link + (p >> 5)], set where the packet is lost. A column belongs to packet col / per_packet.
#pragma once

__device__ __forceinline__ bool packet_lost(const unsigned int* lost, long long link, int words_per_link, int packet) {
    return (lost[link * words_per_link + (packet >> 5)] >> (packet & 31)) & 1u;
}
