import { customRolePatch, sameScopes } from "../../provider/client/custom-roles";

const role = { name: "Publisher", description: "d", scopes: ["a:x", "b:y"] };

describe("the custom role PATCH body", () => {
    it("is empty when nothing differs, scopes compared as a set", () => {
        expect(customRolePatch(role, { ...role, scopes: ["b:y", "a:x", "a:x"] })).toEqual([]);
    });

    it("holds one replace per field that differs, and only those", () => {
        expect(customRolePatch(role, { ...role, name: "Publisher EU" })).toEqual([
            { op: "replace", path: "/name", value: "Publisher EU" },
        ]);
        expect(customRolePatch(role, { ...role, description: "" })).toEqual([
            { op: "replace", path: "/description", value: "" },
        ]);
        expect(customRolePatch(role, { name: "P", description: "e", scopes: ["a:x"] })).toEqual([
            { op: "replace", path: "/name", value: "P" },
            { op: "replace", path: "/description", value: "e" },
            { op: "replace", path: "/assignedScopes", value: ["a:x"] },
        ]);
    });

    it("compares scope lists as sets", () => {
        expect(sameScopes(["a", "b"], ["b", "a"])).toBe(true);
        expect(sameScopes(["a", "a"], ["a"])).toBe(true);
        expect(sameScopes(["a"], ["a", "b"])).toBe(false);
        expect(sameScopes(["a", "c"], ["a", "b"])).toBe(false);
    });
});
