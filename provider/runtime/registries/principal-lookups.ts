import type { QlikClient } from "../../client";
import type { Principal, PrincipalKind, Selector } from "../kinds/principal-kind";

/**
 * The principal each selector names, looked up once per selector per process: 30 assignments naming one user by
 * subject cost one GET. Failed lookups are not kept, so a later call tries again.
 */
export class PrincipalLookups {
    private readonly found = new Map<string, Promise<Principal>>();

    /**
     * @param onFound sees each successful lookup with the time its request was sent (a lookup shows the principal's
     *   roles, which the coordinator may reuse)
     */
    constructor(
        private readonly client: QlikClient,
        private readonly onFound: (kind: PrincipalKind, principal: Principal, takenAt: number) => void,
    ) {}

    resolve(kind: PrincipalKind, selector: Selector): Promise<Principal> {
        const cacheKey = `${kind.noun}|${JSON.stringify(selector)}`;
        let found = this.found.get(cacheKey);
        if (!found) {
            const takenAt = Date.now();
            found = kind.resolve(this.client, selector);
            this.found.set(cacheKey, found);
            found.then(
                (p) => this.onFound(kind, p, takenAt),
                () => this.found.delete(cacheKey),
            );
        }
        return found;
    }
}
