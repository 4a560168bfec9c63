/** The name closest to a misspelled one, for "did you mean" hints. */

/** Levenshtein distance, ignoring case (role names differ from typos mostly by a letter or two). */
function distance(a: string, b: string): number {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
    for (let i = 1; i <= x.length; i++) {
        const row = [i];
        for (let j = 1; j <= y.length; j++) {
            row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
        }
        prev = row;
    }
    return prev[y.length]!;
}

/**
 * The candidate nearest to `name`, when it is near enough to be a plausible typo (at most a third of the name's
 * letters differ); otherwise undefined.
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = distance(name, c);
        if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
