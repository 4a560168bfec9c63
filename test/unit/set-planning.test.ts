import { PrincipalClaims } from "../../provider/runtime/registries/principal-claims";
import { setDelta } from "../../provider/core/role-set";

const r = (name: string) => ({ id: `id-${name}`, name });

describe("setDelta", () => {
    it("adds the declared roles not held and removes the held roles not declared, compared by id", () => {
        expect(setDelta([r("A"), r("B")], [r("B"), r("C")])).toEqual({ add: [r("C")], remove: [r("A")] });
        expect(setDelta([r("A")], [{ id: "id-A", name: "A-renamed" }])).toEqual({ add: [], remove: [] });
        expect(setDelta([r("A")], [])).toEqual({ add: [], remove: [r("A")] });
    });
});

describe("PrincipalClaims", () => {
    it("lets assignments share a principal, and names the other resource when a set joins them, either way round", () => {
        const claims = new PrincipalClaims();
        expect(claims.claim("users/1", "assignment", "a")).toBeUndefined();
        expect(claims.claim("users/1", "assignment", "b")).toBeUndefined();
        expect(claims.claim("users/1", "set", "s")).toBe("a");
        expect(claims.claim("users/1", "assignment", "c")).toBe("s");
        expect(claims.claim("users/2", "set", "s2")).toBeUndefined();
        expect(claims.claim("users/2", "set", "s2")).toBeUndefined(); // the same resource checked again
        expect(claims.claim("users/2", "set", "s3")).toBe("s2");
    });
});
