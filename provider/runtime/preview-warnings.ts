/**
 * Warning lines for the person running `pulumi preview`/`up`. Pulumi shows what a dynamic provider writes to
 * stderr as a diagnostic of the run; each line is printed once per provider process, since check and diff may
 * run more than once for one resource.
 */
const printed = new Set<string>();

export function warnOnce(line: string): void {
    if (printed.has(line)) return;
    printed.add(line);
    console.error(`warning: ${line}`);
}
