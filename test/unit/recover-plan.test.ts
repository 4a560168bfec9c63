import {
    pendingOperations,
    recoveredDeployment,
    recoveryPlan,
    type Verdict,
} from "../../provider/cli/recover-plan";

const USER_TYPE = "pulumi-nodejs:dynamic/qlik:UserRoleAssignment";
const GROUP_TYPE = "pulumi-nodejs:dynamic/qlik:GroupRoleAssignment";
const urn = (type: string, name: string) => `urn:pulumi:e2e::proj::${type}::${name}`;

function exported(pending: object[], resources: object[] = []): string {
    return JSON.stringify({
        version: 3,
        deployment: { manifest: {}, resources, pending_operations: pending },
    });
}

describe("reading the pending operations of a stack export", () => {
    it("lists each pending operation with its kind of assignment, inputs and the outputs recorded before it", () => {
        const text = exported(
            [
                {
                    resource: {
                        urn: urn(USER_TYPE, "alice-steward"),
                        type: USER_TYPE,
                        custom: true,
                        inputs: { subject: "alice", role: "Steward", __provider: "exports.handler = ..." },
                    },
                    type: "creating",
                },
                {
                    resource: {
                        urn: urn(GROUP_TYPE, "analysts"),
                        type: GROUP_TYPE,
                        inputs: { groupName: "Analysts", role: "DataSpaceCreator" },
                    },
                    type: "updating",
                },
                {
                    resource: {
                        urn: urn("random:index/randomId:RandomId", "x"),
                        type: "random:index/randomId:RandomId",
                    },
                    type: "creating",
                },
            ],
            [
                {
                    urn: urn(GROUP_TYPE, "analysts"),
                    type: GROUP_TYPE,
                    id: "t/groups/g1/roles/Steward",
                    outputs: { groupId: "g1", role: "Steward", roleId: "r-steward" },
                },
            ],
        );
        const ops = pendingOperations(text);
        expect(ops.map((o) => [o.name, o.operation, o.kind])).toEqual([
            ["alice-steward", "creating", "user"],
            ["analysts", "updating", "group"],
            ["x", "creating", undefined],
        ]);
        expect(ops[0]!.inputs).toMatchObject({ subject: "alice", role: "Steward" });
        expect(ops[0]!.recorded).toBeUndefined();
        expect(ops[1]!.recorded).toEqual({ groupId: "g1", role: "Steward", roleId: "r-steward" });
    });

    it("marks a pending create whose resource the state records all the same, as an ordinary `up` after the kill leaves it", () => {
        const resource = {
            urn: urn(USER_TYPE, "a"),
            type: USER_TYPE,
            inputs: { subject: "a", role: "Steward" },
        };
        const ops = pendingOperations(
            exported(
                [
                    { resource, type: "creating" },
                    { resource: { ...resource, urn: urn(USER_TYPE, "b") }, type: "creating" },
                ],
                [
                    { ...resource, id: "t/users/u/roles/Steward", outputs: { role: "Steward" } },
                    { ...resource, urn: urn(USER_TYPE, "c"), id: "t/users/u/roles/Steward" },
                ],
            ),
        );
        expect(ops.map((o) => [o.name, o.alreadyRecorded])).toEqual([
            ["a", true],
            ["b", undefined],
        ]);
        // Only a create can be stale (an update or delete of a recorded resource is what it always was), and a
        // resource the engine marked for deletion (a replacement's old half) does not record the create.
        const others = pendingOperations(
            exported(
                [
                    { resource: { ...resource, urn: urn(USER_TYPE, "c") }, type: "updating" },
                    { resource: { ...resource, urn: urn(USER_TYPE, "d") }, type: "creating" },
                ],
                [
                    { ...resource, urn: urn(USER_TYPE, "c"), id: "x", outputs: {} },
                    { ...resource, urn: urn(USER_TYPE, "d"), id: "y", outputs: {}, delete: true },
                ],
            ),
        );
        expect(others.map((o) => o.alreadyRecorded)).toEqual([undefined, undefined]);
    });

    it("a stack with no pending operations has none", () => {
        expect(pendingOperations(JSON.stringify({ version: 3, deployment: { resources: [] } }))).toEqual([]);
    });

    it("text that is not a stack export fails with one line saying what to check", () => {
        expect(() => pendingOperations("error: no stack selected")).toThrow(/did not print JSON/);
        expect(() => pendingOperations("{}")).toThrow(/no deployment; is a stack selected/);
    });
});

describe("the recovery plan", () => {
    const create = (name: string) => ({
        urn: urn(USER_TYPE, name),
        name,
        operation: "creating",
        kind: "user" as const,
        inputs: { subject: "alice", role: name, __provider: "text" },
    });
    const landed = (name: string): Verdict => ({
        op: create(name),
        landed: true,
        id: `t/users/u1/roles/${name}`,
        detail: "held",
    });
    const missing = (name: string): Verdict => ({ op: create(name), landed: false, detail: "not held" });

    it("imports the creates that landed under their ids and clears the ones that never did", () => {
        const plan = recoveryPlan([landed("A"), missing("B"), landed("C")], []);
        expect(plan.imports).toEqual([
            { urn: urn(USER_TYPE, "A"), id: "t/users/u1/roles/A" },
            { urn: urn(USER_TYPE, "C"), id: "t/users/u1/roles/C" },
        ]);
        expect(plan.clears).toEqual([urn(USER_TYPE, "B")]);
        expect(plan.needed).toBe(true);
        expect(plan.blocked).toBeUndefined();
    });

    it("says of each held grant it cannot date that it is recorded as held before, and what destroy then does", () => {
        const retained: Verdict = {
            ...landed("A"),
            op: { ...create("A"), inputs: { ...create("A").inputs, retainIfPreexisting: true } },
        };
        const dated: Verdict = {
            op: create("B"),
            landed: true,
            id: "t/users/u1/roles/B",
            heldBefore: true,
            detail: "held since before",
        };
        const plan = recoveryPlan([retained, dated, landed("C")], []);
        expect(plan.imports.map((i) => i.id)).toEqual([
            "t/users/u1/roles/A",
            "t/users/u1/roles/B",
            "t/users/u1/roles/C",
        ]);
        expect(plan.notes).toEqual([
            "A: could not tell whether the interrupted run granted A or it was held before; recorded as held before (preexisting): destroy will leave it; if the interrupted run granted it, remove it by hand after destroy",
            "C: could not tell whether the interrupted run granted C or it was held before; recorded as held before (preexisting): destroy removes it all the same, since retainIfPreexisting is not set",
        ]);
    });

    it("a pending create the state also records (a later `up` created it) is neither imported nor cleared", () => {
        const stale: Verdict = { op: create("A"), landed: false, stale: true, detail: "recorded" };
        const plan = recoveryPlan([stale, missing("B")], []);
        expect(plan.imports).toEqual([]);
        expect(plan.stale).toEqual([urn(USER_TYPE, "A")]);
        expect(plan.clears).toEqual([urn(USER_TYPE, "B")]);
    });

    it("the recovered state records each landed create as a resource under its id, and keeps no pending operation", () => {
        const op = (name: string) => ({
            resource: {
                urn: urn(USER_TYPE, name),
                type: USER_TYPE,
                custom: true,
                inputs: create(name).inputs,
            },
            type: "creating",
        });
        const provider = { urn: "urn:pulumi:e2e::proj::pulumi:providers:pulumi-nodejs::default", id: "p1" };
        const text = exported([op("A"), op("B")], [provider]);
        const plan = recoveryPlan([landed("A"), missing("B")], []);
        const after = JSON.parse(recoveredDeployment(text, plan));
        expect(after.version).toBe(3);
        expect(after.deployment.pending_operations).toEqual([]);
        expect(after.deployment.resources).toEqual([
            provider,
            {
                urn: urn(USER_TYPE, "A"),
                type: USER_TYPE,
                custom: true,
                id: "t/users/u1/roles/A",
                inputs: create("A").inputs,
                // The refresh's read turns these inputs into the outputs a finished create stores.
                outputs: create("A").inputs,
            },
        ]);
    });

    it("refuses to apply while other resources have pending creates, which the state import would drop", () => {
        const other = {
            urn: urn("random:index/randomId:RandomId", "x"),
            name: "x",
            operation: "creating",
            inputs: {},
        };
        const plan = recoveryPlan([landed("A"), missing("B")], [other]);
        expect(plan.blocked).toMatch(/other resources have pending creates too \(x\).*resolve them first/);
        // Another resource's pending update or delete is dropped by any refresh anyway: no reason to refuse.
        expect(recoveryPlan([landed("A")], [{ ...other, operation: "updating" }]).blocked).toBeUndefined();
    });

    it("leaves an update that landed out of the refresh, which would read the old role, and says what to do", () => {
        const update: Verdict = {
            op: { ...create("A"), operation: "updating", inputs: { subject: "alice", role: "Steward" } },
            landed: true,
            detail: "holds Steward instead of A",
        };
        const plan = recoveryPlan([update], []);
        expect(plan.excludes).toEqual([urn(USER_TYPE, "A")]);
        expect(plan.notes[0]).toMatch(/keep it declared with role "Steward" until the next `pulumi up`/);
    });

    it("a pending delete is settled by the refresh alone, which reads whether the role is still held", () => {
        const del: Verdict = {
            op: { ...create("A"), operation: "deleting" },
            landed: false,
            detail: "still held",
        };
        const plan = recoveryPlan([del], []);
        expect(plan).toMatchObject({ needed: true, imports: [], clears: [], excludes: [] });
        // A delete that landed too: only an update that landed is kept out of the refresh.
        const landedDelete: Verdict = { ...del, landed: true, detail: "no longer held" };
        expect(recoveryPlan([landedDelete], [])).toMatchObject({ excludes: [], notes: [] });
    });

    it("nothing pending means nothing to do", () => {
        expect(recoveryPlan([], []).needed).toBe(false);
    });
});
