import { createHash, randomBytes } from "node:crypto";

/** Deterministic lowercase hex derived from a label, so seeded ids are stable across runs (Qlik ids: 24 hex). */
export function stableHex(label: string, length = 24): string {
    return createHash("sha256").update(label).digest("hex").slice(0, length);
}

/** Random hex of `bytes` bytes; used for trace ids and access tokens, which need not be reproducible. */
export function randomHex(bytes: number): string {
    return randomBytes(bytes).toString("hex");
}

/** mulberry32: a tiny seeded PRNG, so probabilistic faults replay identically for one seed. */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
