import { USER } from "../../provider/runtime/kinds/user";
import { parseSetState } from "../../provider/runtime/lifecycles/set/state";

describe("a set's recorded state, parsed", () => {
    it("pairs each declared role id with its name, in order", () => {
        const state = parseSetState(USER, { userId: "u1", roles: ["A", "B", "Extra"], roleIds: ["a", "b"] });
        expect(state.principalId).toBe("u1");
        expect(state.declared).toEqual([
            { id: "a", name: "A" },
            { id: "b", name: "B" },
        ]);
        expect(state.recordedNames).toEqual(["A", "B", "Extra"]);
    });

    it("declares nothing when state lacks the role lists (destroy then removes nothing)", () => {
        const state = parseSetState(USER, { userId: "u1" });
        expect(state.declared).toEqual([]);
        expect(state.recordedNames).toEqual([]);
    });
});
