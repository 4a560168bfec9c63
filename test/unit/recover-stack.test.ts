import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { lockedMessage, stackFacts } from "../../provider/cli/recover-stack";

const history = (...entries: object[]) => JSON.stringify(entries);
const NOW = new Date("2026-12-06T12:00:00Z");

describe("what recover reads of the stack besides its state", () => {
    it("the interrupted run began after the last update that ended, whatever its result", () => {
        const facts = stackFacts(
            history(
                { result: "succeeded", endTime: "2026-12-06T10:00:00.000Z" },
                { result: "failed", endTime: "2026-12-06T11:00:00.000Z" },
                { result: "succeeded", endTime: "2026-12-06T09:00:00.000Z" },
            ),
            "{}",
            "proj",
            "dev",
            NOW,
        );
        expect(facts).toEqual({ lastRunEnded: new Date("2026-12-06T11:00:00.000Z") });
    });

    it("an update still in progress, or one without an end time, does not date the interrupted run", () => {
        const facts = stackFacts(
            history(
                { result: "succeeded", endTime: "2026-12-06T10:00:00.000Z" },
                { result: "in-progress", endTime: "2026-12-06T11:30:00.000Z" },
                { result: "succeeded" },
            ),
            "{}",
            "proj",
            "dev",
            NOW,
        );
        expect(facts.lastRunEnded).toEqual(new Date("2026-12-06T10:00:00.000Z"));
    });

    it("no history (the first run was the one interrupted) dates nothing; unreadable output counts as none", () => {
        expect(stackFacts("[]", "{}", "proj", "dev", NOW)).toEqual({});
        expect(stackFacts("not json", "not json", "proj", "dev", NOW)).toEqual({});
    });

    it("an update a managed backend still shows in progress is a lock", () => {
        const facts = stackFacts(history({ result: "in-progress" }), "{}", "proj", "dev", NOW);
        expect(facts.locked).toBe("its history shows an update still in progress");
        expect(lockedMessage(facts.locked!)).toBe(
            "the stack is locked by another run (its history shows an update still in progress); if that run was killed, clear the lock with `pulumi cancel`, then run recover again",
        );
    });

    it("a file backend's lock file for this project and stack is a lock, with its age; another stack's is not", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "recover-stack-"));
        try {
            const locks = path.join(root, ".pulumi", "locks", "organization", "proj");
            fs.mkdirSync(path.join(locks, "dev"), { recursive: true });
            fs.mkdirSync(path.join(locks, "other"), { recursive: true });
            const lock = { pid: 7, username: "ci", hostname: "runner", timestamp: "2026-12-06T11:30:00Z" };
            fs.writeFileSync(path.join(locks, "dev", "a.json"), JSON.stringify(lock));
            fs.writeFileSync(path.join(locks, "other", "b.json"), JSON.stringify(lock));
            const whoami = JSON.stringify({ user: "me", url: pathToFileURL(root).href });
            expect(stackFacts("[]", whoami, "proj", "dev", NOW).locked).toBe(
                "1 lock file(s) of the file backend, the oldest taken 30 minute(s) ago",
            );
            expect(stackFacts("[]", whoami, "proj", "staging", NOW).locked).toBeUndefined();
            // Only .json files are locks; the oldest lock gives the age.
            fs.writeFileSync(path.join(locks, "dev", "notes.txt"), "not a lock");
            fs.writeFileSync(
                path.join(locks, "dev", "b.json"),
                JSON.stringify({ ...lock, timestamp: "2026-12-06T11:00:00Z" }),
            );
            expect(stackFacts("[]", whoami, "proj", "dev", NOW).locked).toBe(
                "2 lock file(s) of the file backend, the oldest taken 60 minute(s) ago",
            );
            // A backend given as file://~ is under the home directory.
            const home = process.env.HOME;
            process.env.HOME = root;
            try {
                expect(
                    stackFacts("[]", JSON.stringify({ url: "file://~" }), "proj", "dev", NOW).locked,
                ).toMatch(/^2 lock file\(s\)/);
            } finally {
                process.env.HOME = home;
            }
            expect(
                stackFacts("[]", JSON.stringify({ url: "https://api.example" }), "proj", "dev", NOW),
            ).toEqual({});
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });

    it.each([
        ["2026-12-06T11:59:50Z", "less than a minute ago"],
        ["2026-12-06T11:59:00Z", "1 minute(s) ago"],
        ["some time", "at some time"],
    ])("a lock taken at %s is said to be taken %s; one without a time gets no age", (timestamp, said) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "recover-stack-"));
        try {
            const dir = path.join(root, ".pulumi", "locks", "organization", "proj", "dev");
            fs.mkdirSync(dir, { recursive: true });
            const whoami = JSON.stringify({ url: pathToFileURL(root).href });
            fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ pid: 1, timestamp: 5 }));
            expect(stackFacts("[]", whoami, "proj", "dev", NOW).locked).toBe(
                "1 lock file(s) of the file backend",
            );
            fs.writeFileSync(path.join(dir, "b.json"), JSON.stringify({ pid: 2, timestamp }));
            expect(stackFacts("[]", whoami, "proj", "dev", NOW).locked).toBe(
                `2 lock file(s) of the file backend, the oldest taken ${said}`,
            );
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
