/** The space member kind's write: a reserved throttle place goes to its first request only. */
import type { QlikClient, ThrottleSlot } from "../../provider/client";
import { replaceMemberRoles } from "../../provider/runtime/kinds/space-member-writes";

it("when a POST answers 'exists', the PUT that follows queues for its own place", async () => {
    const slots: [string, unknown][] = [];
    const client = {
        getSpaceAssignment: async () => undefined,
        createSpaceAssignment: async (_s: string, _a: unknown, _r: unknown, slot?: ThrottleSlot) => {
            slots.push(["POST", slot]);
            return { outcome: "exists", assignment: { id: "a1", roles: ["producer"] } };
        },
        replaceSpaceAssignmentRoles: async (
            _s: string,
            _id: string,
            roles: string[],
            slot?: ThrottleSlot,
        ) => {
            slots.push(["PUT", slot]);
            return { id: "a1", roles };
        },
    } as unknown as QlikClient;
    const slot = { use: () => undefined, release: () => undefined } as unknown as ThrottleSlot;
    expect(await replaceMemberRoles(client, "s1/users/u1", ["consumer"], slot)).toBe(true);
    expect(slots).toEqual([
        ["POST", slot],
        ["PUT", undefined],
    ]);
});
