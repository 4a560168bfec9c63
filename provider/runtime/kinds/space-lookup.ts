/**
 * What the space member kind remembers per client (that is, per provider configuration and process): the spaces
 * it resolved, so that 40 assignments in one space cost one lookup of it, and the last assignment id it saw for
 * each (space, assignee), so that a write knows whether to POST or PUT without another read.
 */
import { QlikError, type QlikClient, type SpaceInfo, type SpaceSelector } from "../../client";
import { describeSelector, type Selector } from "./principal-kind";

const spaces = new WeakMap<QlikClient, Map<string, Promise<SpaceInfo>>>();
const assignmentIds = new WeakMap<QlikClient, Map<string, string | null>>();

function perClient<T>(map: WeakMap<QlikClient, Map<string, T>>, client: QlikClient): Map<string, T> {
    let m = map.get(client);
    if (!m) map.set(client, (m = new Map()));
    return m;
}

/** The space part of a member's selector, as the client takes it. */
export function spaceSelectorOf(selector: Selector): SpaceSelector {
    if (selector.spaceId !== undefined) return { spaceId: selector.spaceId };
    if (selector.spaceName !== undefined) return { spaceName: selector.spaceName };
    throw new Error(`a space member's selector names its space: ${describeSelector(selector)}`);
}

/**
 * The space a selector names, looked up once per client; failed lookups are not kept. A personal space is refused
 * here, with one line: Qlik takes no assignments in it.
 */
export function lookUpSpace(client: QlikClient, selector: SpaceSelector): Promise<SpaceInfo> {
    const memo = perClient(spaces, client);
    const key = JSON.stringify(selector);
    let found = memo.get(key);
    if (!found) {
        found = client.resolveSpace(selector).then(refusePersonal(selector));
        memo.set(key, found);
        found.catch(() => memo.delete(key));
    }
    return found;
}

const refusePersonal = (selector: SpaceSelector) => (space: SpaceInfo) => {
    if (space.type !== "personal") return space;
    const named =
        "spaceId" in selector ? `spaceId "${selector.spaceId}"` : `spaceName "${selector.spaceName}"`;
    throw new QlikError(
        "QLIK_INVALID_INPUT",
        `${named} is a personal space, which takes no members: name a shared, managed or data space`,
    );
};

/** The assignment id last seen for a member: a string, null when it had none, undefined when never seen. */
export const seenAssignment = (client: QlikClient, memberId: string): string | null | undefined =>
    perClient(assignmentIds, client).get(memberId);

export function rememberAssignment(client: QlikClient, memberId: string, assignmentId: string | null): void {
    perClient(assignmentIds, client).set(memberId, assignmentId);
}
