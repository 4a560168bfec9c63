/**
 * After a role swap failed with part of it possibly landed, which outputs state keeps: the new role's only when
 * the swap is known to have landed whole, the old ones otherwise (their retry redoes the whole swap).
 */
import { swapRecord } from "../../provider/runtime/lifecycles/failures";

const OLD = { id: "r-old", name: "ManagedSpaceCreator" };
const NEW = { id: "r-new", name: "DataSpaceCreator" };
const OTHER = { id: "r-other", name: "AuditAdmin" };

describe("swapRecord", () => {
    it.each([
        ["the swap landed whole", [OTHER, NEW], OLD, "new"],
        ["nothing landed", [OTHER, OLD], OLD, "old"],
        ["only the addition landed (both held)", [OLD, NEW], OLD, "old"],
        ["only the removal landed (neither held)", [OTHER], OLD, "old"],
        ["the re-read failed (cannot tell)", undefined, OLD, "old"],
        ["the old role is kept on purpose, the new one landed", [OLD, NEW], undefined, "new"],
        ["the old role is kept on purpose, the new one did not land", [OLD], undefined, "old"],
    ] as const)("%s", (_what, held, removed, expected) => {
        expect(swapRecord(held, NEW, removed)).toBe(expected);
    });
});
