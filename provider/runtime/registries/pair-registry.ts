/**
 * Which (principal, role) pairs this process has seen declared or created, by which resource:
 * - two resources declaring one pair is an error at `check`;
 * - a pair created or adopted in this process must not be removed by a delete in the same process: that delete
 *   belongs to the resource being replaced by the one just created (no gap during a replacement).
 */
export class PairRegistry {
    private readonly declared = new Map<string, string>();
    /** pair -> `instance` output of the assignment that created or adopted it in this process. */
    private readonly created = new Map<string, string>();

    /** Records the declaration; returns the other resource's name when another resource declared it first. */
    declare(pair: string, resourceName: string | undefined): string | undefined {
        if (!resourceName) return undefined;
        const other = this.declared.get(pair);
        if (other !== undefined && other !== resourceName) return other;
        this.declared.set(pair, resourceName);
        return undefined;
    }
    markCreated(pair: string, instance: string): void {
        this.created.set(pair, instance);
    }
    /** True when another assignment instance than `instance` took over the pair in this process. */
    heldByAnother(pair: string, instance: unknown): boolean {
        const holder = this.created.get(pair);
        return holder !== undefined && holder !== instance;
    }
}
