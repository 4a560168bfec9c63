/**
 * `--name value` flags of the benchmark's smaller commands (bench:destroy, bench:advice): every flag takes a value,
 * and an unknown flag or a missing value is an error that lists the known ones.
 */
export function readFlags<K extends string>(
    argv: readonly string[],
    known: readonly K[],
): Partial<Record<K, string>> {
    const out: Partial<Record<K, string>> = {};
    const list = known.map((k) => `--${k}`).join(", ");
    for (let i = 0; i < argv.length; i += 2) {
        const flag = argv[i]!;
        const name = flag.slice(2) as K;
        if (!flag.startsWith("--") || !known.includes(name))
            throw new Error(`unknown argument "${flag}" (${list})`);
        const value = argv[i + 1];
        if (value === undefined) throw new Error(`${flag} needs a value`);
        out[name] = value;
    }
    return out;
}
