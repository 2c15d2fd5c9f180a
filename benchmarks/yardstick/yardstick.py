#!/usr/bin/env python3
"""The numpy yardstick: what a researcher's vectorised script does for the same work as moshsim.

  yardstick.py table  [--seeds 10] [--csv FILE]   the paper table (experiments/averaging/paper-table.yaml)
  yardstick.py large  [--peers 1048576]           2^20 peers, Moshpit 32^4 and random groups, 10 rounds, timed
  yardstick.py kernels [--csv FILE]               the training proxies' forward/backward through numpy's BLAS

Each prints one JSON line: the seconds of its own work (after imports and data set-up) and its results. The
protocols do what src/main/java/org/moshsim/protocol/ plans and the CPU backend computes, vectorised over the
peers; they draw their own random numbers (numpy's PCG64), so runs agree with moshsim in distribution, not in bits.
Every round also measures the mean squared error to the true average and prices the round as moshsim's
network model does (per group: the slowest ready member, the members' links, each member's bytes).
"""
import argparse
import json
import math
import sys
import time

import numpy as np

TABLE_PEERS = (512, 768, 900, 1024)
TABLE_FAILURES = (0.0, 0.001, 0.005, 0.01)
TABLE_PROTOCOLS = ("all-reduce", "gossip", "push-sum", "random-groups", "moshpit", "moshpit-keys")
TARGETS = (1e-4, 1e-9)


class Network:
    """moshsim's network model for one swarm: per-peer links, butterfly and ring groups, sparse mixing."""

    def __init__(self, peers, payload, bandwidth, latency, matchmaking):
        self.payload = payload
        self.up = np.full(peers, bandwidth)
        self.down = np.full(peers, bandwidth)
        self.latency = latency
        hops = max(1, peers - 1).bit_length()
        self.matchmaking = matchmaking + hops * 2 * latency.mean()
        self.sent = np.zeros(peers)

    def butterfly(self, ready, members, sizes):
        """Groups as consecutive runs of `members` (lengths `sizes`): the LP's equal-link optimum per group."""
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        bandwidth = np.minimum(self.up[members], self.down[members])
        total = np.add.reduceat(bandwidth, starts)
        slowest = np.minimum.reduceat(bandwidth, starts)
        per_byte = np.maximum((2.0 * sizes - 2) / total, 1 / slowest)
        latency = np.maximum.reduceat(self.latency[members], starts)
        start = np.maximum.reduceat(ready[members], starts)
        self.sent[members] += np.repeat((2.0 * sizes - 2) / sizes * self.payload, sizes)
        return (start + self.matchmaking + self.payload * per_byte + 2 * latency).max()

    def ring(self, ready):
        n = ready.size
        step = (self.payload / (n * np.minimum(self.up, self.down)) + self.latency).max()
        self.sent += 2.0 * (n - 1) / n * self.payload
        return ready.max() + 2.0 * (n - 1) * step

    def mixing(self, ready, shifts):
        """Edges (i - h) mod n -> i where mask[i], for each (h, mask) in shifts: each peer's sends and receives."""
        n = ready.size
        start = np.full(n, -np.inf)
        lat = np.zeros(n)
        sent = np.zeros(n)
        received = np.zeros(n)
        for h, mask in shifts:
            both = np.where(mask, np.maximum(np.roll(ready, h), ready), -np.inf)
            slower = np.where(mask, np.maximum(np.roll(self.latency, h), self.latency), 0.0)
            # As the receiver i, and as the sender i - h (its edge sits at i + h).
            start = np.maximum(np.maximum(start, both), np.roll(both, -h))
            lat = np.maximum(np.maximum(lat, slower), np.roll(slower, -h))
            received += mask
            sent += np.roll(mask, -h)
        involved = (sent + received) > 0
        finish = start + lat + np.maximum(sent * self.payload / self.up, received * self.payload / self.down)
        self.sent += sent * self.payload
        return finish[involved].max() if involved.any() else -np.inf


def group_means(x, w, labels, groups):
    """Each group's mean of x / w, given every member's group label in [0, groups)."""
    sums = np.bincount(labels, weights=x / w if w is not None else x, minlength=groups)
    counts = np.bincount(labels, minlength=groups)
    return sums / np.maximum(counts, 1)


def run(protocol, peers, p, seed, rounds=50, side=32, hops_out=2):
    """One run of the paper table: returns the mse after each round (index 0: before any)."""
    rng = np.random.default_rng([seed, peers, int(p * 1e6), TABLE_PROTOCOLS.index(protocol)])
    x = rng.standard_normal(peers).astype(np.float32).astype(np.float64)
    w = np.ones(peers)
    truth = x.mean()
    net = Network(peers, 4.0, 1.25e8, np.zeros(peers), 0.0)
    mse = np.empty(rounds + 1)
    mse[0] = np.mean((x - truth) ** 2)
    hop_count = max(1, (peers - 1).bit_length())
    if protocol.startswith("moshpit"):
        cell = rng.permutation(side * side)[:peers]
    clock = 0.0
    for t in range(rounds):
        live = rng.random(peers) >= p if p > 0 else np.ones(peers, dtype=bool)
        ready = np.full(peers, clock)
        if protocol == "all-reduce":
            if live.all():
                x[:] = x.mean()
            clock = net.ring(ready)
        elif protocol == "gossip":
            lx = np.where(live, x, 0.0)
            sums = np.roll(lx, 1) + lx + np.roll(lx, -1)
            counts = np.roll(live, 1).astype(int) + live + np.roll(live, -1)
            update = live & (counts >= 2)
            x = np.where(update, sums / np.maximum(counts, 1), x)
            clock = max(clock, net.mixing(ready, [(1, update & np.roll(live, 1)), (-1, update & np.roll(live, -1))]))
        elif protocol == "push-sum":
            hops = [1 << ((t * hops_out + j) % hop_count) for j in range(hops_out)]
            targets = sum(np.roll(live, -h).astype(int) for h in hops) * live
            sends = targets > 0
            share = np.where(sends, 1.0 / (1 + targets), 1.0)
            nx, nw = share * x, share * w
            shifts = []
            for h in hops:
                on = live & np.roll(sends, h)
                nx += np.where(on, np.roll(share * x, h), 0.0)
                nw += np.where(on, np.roll(share * w, h), 0.0)
                shifts.append((h, on))
            x = np.where(live, nx, x)
            w = np.where(live, nw, w)
            clock = max(clock, net.mixing(ready, shifts))
        else:
            members = np.nonzero(live)[0]
            n = members.size
            if protocol == "random-groups":
                members = rng.permutation(members)
                groups = max(1, n // side)
                full = min(n, groups * side)
                labels = np.concatenate([np.arange(full) // side, np.arange(n - full) % groups])
            else:
                axis = t % 2
                keys = cell[members] // side if axis == 0 else cell[members] % side
                # keys: a random order within each key, so that a crowded key's leftover member is a random one.
                order = np.lexsort((rng.random(n), keys)) if protocol == "moshpit-keys" else np.argsort(keys, kind="stable")
                members = members[order]
                keys = keys[order]
                labels = np.concatenate(([0], np.cumsum(keys[1:] != keys[:-1])))[:n]
                if n and protocol == "moshpit-keys":
                    # A key shared by more than M peers (a re-drawn index met a failed peer's cell) is cut into groups of M.
                    first = np.concatenate(([0], np.nonzero(labels[1:] != labels[:-1])[0] + 1))
                    rank = np.arange(n) - np.repeat(first, np.diff(np.append(first, n)))
                    if rank.max() >= side:
                        labels = np.unique(labels * side + rank // side, return_inverse=True)[1]
                groups = labels[-1] + 1 if n else 0
            if n:
                means = group_means(x[members], None, labels, groups)
                x[members] = means[labels]
                order = np.argsort(labels, kind="stable")
                sizes = np.bincount(labels, minlength=groups)
                clock = max(clock, net.butterfly(ready, members[order], sizes[sizes > 0]))
                if protocol == "moshpit-keys":
                    # Each group's members draw distinct new chunk indices on this round's axis (hivemind's keys).
                    sorted_members = members[order]
                    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
                    rank = np.arange(n) - np.repeat(starts, sizes)
                    draws = np.argsort(rng.random((groups, side)), axis=1)
                    new = draws[np.repeat(np.arange(groups), sizes), rank]
                    c = cell[sorted_members]
                    cell[sorted_members] = c - (c % side) + new if axis == 0 else (c % side) + new * side
        mse[t + 1] = np.mean((x / w - truth) ** 2)
    return mse


def rounds_to(mse, target):
    """First round whose mse is below the target, capped at the number of rounds."""
    below = np.nonzero(mse[1:] < target)[0]
    return float(below[0] + 1) if below.size else float(mse.size - 1)


def table(args):
    started = time.perf_counter()
    rows = []
    for peers in TABLE_PEERS:
        for p in TABLE_FAILURES:
            for protocol in TABLE_PROTOCOLS:
                for seed in range(args.seeds):
                    mse = run(protocol, peers, p, seed)
                    rows.append((protocol, peers, p, seed, [rounds_to(mse, target) for target in TARGETS]))
    seconds = time.perf_counter() - started
    if args.csv:
        with open(args.csv, "w") as out:
            out.write("protocol,peers,failures.p,seed," + ",".join(f"rounds_to_{t:g}" for t in TARGETS) + "\n")
            for protocol, peers, p, seed, r in rows:
                out.write(f"{protocol},{peers},{p:g},{seed}," + ",".join(f"{v:g}" for v in r) + "\n")
    print(json.dumps({"work": "paper-table", "runs": len(rows), "seconds": seconds}))


def large(args):
    """2^20 peers on the paper network (1 Gbit/s, 1-6 ms, Exp(100 ms) delays, 100 MB), Moshpit 32^4 and random groups."""
    result = {"work": "large", "peers": args.peers}
    total = 0.0
    for protocol in ("moshpit", "random-groups"):
        rng = np.random.default_rng(args.seed)
        n = args.peers
        side, dims = 32, 4
        x = rng.standard_normal(n).astype(np.float32).astype(np.float64)
        truth = x.mean()
        net = Network(n, 1e8, 1.25e8, rng.uniform(1e-3, 6e-3, n), 0.5)
        started = time.perf_counter()
        cell = rng.permutation(side ** dims)[:n]
        clock = 0.0
        mse = []
        for t in range(args.rounds):
            ready = clock + rng.exponential(0.1, n)
            if protocol == "moshpit":
                stride = side ** (t % dims)
                keys = (cell // (stride * side)) * stride + cell % stride
                members = np.argsort(keys, kind="stable")
                keys = keys[members]
                labels = np.concatenate(([0], np.cumsum(keys[1:] != keys[:-1])))
            else:
                members = rng.permutation(n)
                labels = np.arange(n) // side
            groups = labels[-1] + 1
            sizes = np.bincount(labels, minlength=groups)
            means = group_means(x[members], None, labels, groups)
            x[members] = means[labels]
            clock = net.butterfly(ready, members, sizes)
            mse.append(float(np.mean((x - truth) ** 2)))
        seconds = time.perf_counter() - started
        total += seconds
        result[protocol] = {"seconds": seconds, "final_mse": mse[-1], "simulated_s": clock}
    result["seconds"] = total
    print(json.dumps(result))


def kernels(args):
    """One SGD step's loss and gradient (as ModelKernelBenchmark) per shape, in GFLOP/s of the matrix products."""
    rng = np.random.default_rng(1)
    features, classes, hidden, train = 64, 10, 32, 1437
    xs = rng.integers(0, 17, (train, features)) / 16.0
    ys = rng.integers(0, classes, train)
    out = {"work": "kernels", "blas": blas_name(), "shapes": []}
    for model in ("logistic", "mlp"):
        for batch in (32, 128):
            ex = rng.integers(0, train, batch)
            x, y = xs[ex], ys[ex]
            if model == "logistic":
                w, b = rng.uniform(-0.1, 0.1, (features, classes)), rng.uniform(-0.1, 0.1, classes)
                flops = 4.0 * batch * features * classes

                def step():
                    z = x @ w + b
                    d = softmax_gradient(z, y)
                    return x.T @ d, d.sum(0)
            else:
                w1, b1 = rng.uniform(-0.1, 0.1, (features, hidden)), rng.uniform(-0.1, 0.1, hidden)
                w2, b2 = rng.uniform(-0.1, 0.1, (hidden, classes)), rng.uniform(-0.1, 0.1, classes)
                flops = 2.0 * batch * (2 * features * hidden + 3 * hidden * classes)

                def step():
                    h = np.tanh(x @ w1 + b1)
                    d = softmax_gradient(h @ w2 + b2, y)
                    dh = (d @ w2.T) * (1 - h * h)
                    return x.T @ dh, dh.sum(0), h.T @ d, d.sum(0)
            medians = []
            for _ in range(5):
                calls, started = 0, time.perf_counter()
                while time.perf_counter() - started < args.seconds:
                    for _ in range(100):
                        step()
                    calls += 100
                medians.append(calls / (time.perf_counter() - started))
            steps = float(np.median(medians))
            out["shapes"].append({"model": model, "batch": batch, "flops_per_step": flops, "steps_per_s": steps,
                                  "gflop_s": steps * flops / 1e9})
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("model,batch,flops_per_step,numpy_gflop_s\n")
            for s in out["shapes"]:
                f.write(f"{s['model']},{s['batch']},{s['flops_per_step']:.0f},{s['gflop_s']:.3f}\n")
    print(json.dumps(out))


def softmax_gradient(z, y):
    """dLoss/dlogits of the mean-free summed cross-entropy (softmax - onehot), with the loss computed as moshsim does."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    total = e.sum(axis=1, keepdims=True)
    _loss = (np.log(total[:, 0]) - z[np.arange(z.shape[0]), y]).sum()
    d = e / total
    d[np.arange(z.shape[0]), y] -= 1.0
    return d


def blas_name():
    try:
        info = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{info.get('name')} {info.get('version', '')}".strip()
    except Exception:  # numpy < 1.25 has no dict mode: Debian's numpy links libblas.so.3, an alternatives link
        import glob
        import os
        found = glob.glob("/usr/lib/*-linux-gnu/libblas.so.3")
        return os.path.realpath(found[0]) if found else "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="work", required=True)
    t = sub.add_parser("table")
    t.add_argument("--seeds", type=int, default=10)
    t.add_argument("--csv")
    g = sub.add_parser("large")
    g.add_argument("--peers", type=int, default=1 << 20)
    g.add_argument("--rounds", type=int, default=10)
    g.add_argument("--seed", type=int, default=0)
    k = sub.add_parser("kernels")
    k.add_argument("--seconds", type=float, default=0.5)
    k.add_argument("--csv")
    args = parser.parse_args()
    {"table": table, "large": large, "kernels": kernels}[args.work](args)


if __name__ == "__main__":
    sys.exit(main())
