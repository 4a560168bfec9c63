/** `recover` judging pending SpaceRoleAssignment operations against the emulator, read-only. */
import { SEED_SPACES, startEmulator, type TenantEmulator } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { emulatorClient } from "../support/harness";
import { pendingOperations } from "../../provider/cli/recover-plan";
import { judgePending } from "../../provider/cli/recover-tenant";

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const client = () => emulatorClient(emu);
const VIEWER = stableHex("user:viewer");
const TYPE = "pulumi-nodejs:dynamic/qlik:SpaceRoleAssignment";

/** A stack export with one pending operation on a SpaceRoleAssignment. */
function pending(operation: string, inputs: object, outputs?: object) {
    const urn = "urn:pulumi:dev::p::" + TYPE + "::viewer-sales";
    return pendingOperations(
        JSON.stringify({
            deployment: {
                resources: outputs ? [{ urn, type: TYPE, outputs }] : [],
                pending_operations: [{ type: operation, resource: { urn, type: TYPE, inputs } }],
            },
        }),
    );
}
const grant = { spaceName: SEED_SPACES.sales, email: "viewer@example.com", role: "consumer" };

it("a pending create whose role landed is imported under the resource's id; one that did not is cleared", async () => {
    const ops = pending("creating", grant);
    expect(ops[0]!.kind).toBe("spaceMember");
    const [before] = await judgePending(client(), ops);
    expect(before).toMatchObject({
        landed: false,
        detail: `user "viewer@example.com" in space "Sales Reporting" does not hold consumer`,
    });
    emu.spaces.setAssignment(SEED_SPACES.sales, "user", VIEWER, ["consumer"]);
    const [after] = await judgePending(client(), ops);
    const spaceId = emu.spaces.spaceId(SEED_SPACES.sales);
    expect(after).toMatchObject({
        landed: true,
        id: `${new URL(emu.url).host}/spaces/${spaceId}/users/${VIEWER}/roles/consumer`,
    });
    expect(emu.requests.every((e) => e.method === "GET")).toBe(true);
});

it("a pending create naming a role the space does not take cannot have written", async () => {
    const [v] = await judgePending(client(), pending("creating", { ...grant, role: "codeveloper" }));
    expect(v).toMatchObject({
        landed: false,
        detail: expect.stringMatching(/^role "codeveloper" cannot be assigned in managed space/),
    });
});

it("a pending delete landed when the member no longer holds the role", async () => {
    const spaceId = emu.spaces.spaceId(SEED_SPACES.sales);
    const recorded = { ...grant, spaceId, spaceMemberId: `${spaceId}/users/${VIEWER}`, roleId: "consumer" };
    emu.spaces.setAssignment(SEED_SPACES.sales, "user", VIEWER, ["consumer"]);
    expect((await judgePending(client(), pending("deleting", grant, recorded)))[0]).toMatchObject({
        landed: false,
    });
    emu.spaces.deleteAssignment(SEED_SPACES.sales, VIEWER);
    expect((await judgePending(client(), pending("deleting", grant, recorded)))[0]).toMatchObject({
        landed: true,
    });
});
