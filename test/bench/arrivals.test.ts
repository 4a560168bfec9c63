import { arrivalsOf, checkTimeOf } from "../../bench/arrivals";

const call = (t: number, op: string, who: string, role: string) =>
    JSON.stringify({ t, event: "call", op, what: `user subject "${who}", role "${role}"` });

describe("bench arrivals (how operations reached the provider)", () => {
    it("is 1 when each principal's operations come one after another, and gives the median gap", () => {
        const text = [
            call(0, "create", "a", "R1"),
            call(10, "create", "a", "R2"),
            call(30, "create", "b", "R1"),
            call(40, "create", "b", "R2"),
        ].join("\n");
        expect(arrivalsOf(text)).toEqual({
            calls: 4,
            principals: 2,
            runs: 2,
            grouped: 1,
            medianGapMs: 10,
            spanMs: 40,
        });
    });

    it("is 0 when no two consecutive operations share a principal (Pulumi's destroy order)", () => {
        const text = ["a", "b", "a", "b"].map((w, i) => call(i, "delete", w, `R${i}`)).join("\n");
        expect(arrivalsOf(text)?.grouped).toBe(0);
    });

    it("counts only create/update/delete, sorts by time, and skips lines that are not JSON", () => {
        const text = [
            call(20, "create", "a", "R2"),
            JSON.stringify({ t: 5, event: "call", op: "check", what: 'user subject "b", role "R1"' }),
            '{"t": 7, "event": "ca', // a process killed mid-line
            call(0, "create", "a", "R1"),
            JSON.stringify({ t: 1, event: "done", op: "create", what: 'user subject "b", role "R1"' }),
        ].join("\n");
        expect(arrivalsOf(text)).toMatchObject({ calls: 2, principals: 1, runs: 1, grouped: 1, spanMs: 20 });
    });

    it("has no grouping figure when every principal had one operation, and nothing for an empty trace", () => {
        expect(
            arrivalsOf([call(0, "create", "a", "R"), call(1, "create", "b", "R")].join("\n"))?.grouped,
        ).toBe(undefined);
        expect(arrivalsOf("")).toBeUndefined();
    });

    it("tells principals apart by the text before the role, commas in names included", () => {
        const text = [
            call(0, "create", "Doe, Jane", "Data Steward, EU"),
            call(1, "create", "Doe, Jane", "R"),
        ].join("\n");
        expect(arrivalsOf(text)).toMatchObject({ principals: 1, grouped: 1 });
    });
});

describe("bench check time (how long the engine waited in check)", () => {
    const line = (t: number, event: "call" | "done", op: string, who: string, pid = 1) =>
        JSON.stringify({ t, pid, event, op, what: `user subject "${who}", role "R"` });

    it("sums each check from its call to its done, per process, and ignores other operations", () => {
        const text = [
            line(0, "call", "check", "a"),
            line(40, "done", "check", "a"),
            line(41, "call", "check", "b"),
            line(42, "call", "check", "b", 2), // the same resource checked in another process (up's update)
            line(43, "done", "check", "b"),
            line(50, "done", "check", "b", 2),
            line(60, "call", "create", "a"),
            line(90, "done", "create", "a"),
            "not json",
        ].join("\n");
        expect(checkTimeOf(text)).toEqual({ checks: 3, ms: 40 + 2 + 8 });
    });

    it("is undefined without a completed check", () => {
        expect(checkTimeOf(line(0, "call", "check", "a"))).toBeUndefined();
        expect(checkTimeOf("")).toBeUndefined();
    });
});
