/**
 * How the space member kind writes a role list, path by path, with the requests each sends: it starts from the
 * assignment it last read, and goes the other way when the answer shows someone else wrote in between.
 */
import { SEED_SPACES, startEmulator, type TenantEmulator } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { emulatorClient } from "../support/harness";
import { SPACE_MEMBER } from "../../provider/runtime/kinds/space-member";

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const newClient = () => emulatorClient(emu);
const viewer = stableHex("user:viewer");
const roles = (...names: string[]) => names.map((name) => ({ id: name, name }));
const sent = () => emu.requests.map((e) => `${e.method} ${e.status}`);

/** A client that has read the viewer's (absent) assignment in Sales Reporting, and the member's id. */
async function afterRead() {
    const client = newClient();
    const p = await SPACE_MEMBER.resolve(client, {
        spaceName: SEED_SPACES.sales,
        email: "viewer@example.com",
    });
    emu.resetLog();
    return { client, id: p.id };
}

it("no assignment read: one POST", async () => {
    const { client, id } = await afterRead();
    expect(await SPACE_MEMBER.replaceRoles(client, id, roles("consumer"))).toBe(true);
    expect(sent()).toEqual(["POST 201"]);
});

it("an assignment read: one PUT; an empty list: one DELETE", async () => {
    const { client, id } = await afterRead();
    await SPACE_MEMBER.replaceRoles(client, id, roles("consumer"));
    emu.resetLog();
    await SPACE_MEMBER.replaceRoles(client, id, roles("consumer", "publisher"));
    await SPACE_MEMBER.replaceRoles(client, id, []);
    expect(sent()).toEqual(["PUT 200", "DELETE 204"]);
    expect(emu.spaces.assignment(SEED_SPACES.sales, viewer)).toBeUndefined();
});

it("nothing read yet: a GET first", async () => {
    const { id } = await afterRead();
    expect(await SPACE_MEMBER.replaceRoles(newClient(), id, roles("consumer"))).toBe(true);
    expect(sent()).toEqual(["GET 200", "POST 201"]);
});

it("created by someone else since the read: POST 409, its read-back, and a PUT keeping their roles", async () => {
    const { client, id } = await afterRead();
    emu.spaces.setAssignment(SEED_SPACES.sales, "user", viewer, ["publisher"]);
    expect(await SPACE_MEMBER.replaceRoles(client, id, roles("consumer"))).toBe(true);
    expect(sent()).toEqual(["POST 409", "GET 200", "PUT 200"]);
    expect(emu.spaces.assignment(SEED_SPACES.sales, viewer)?.roles).toEqual(["publisher", "consumer"]);
});

it("deleted by someone else since the read: PUT 404, then a POST", async () => {
    const { client, id } = await afterRead();
    await SPACE_MEMBER.replaceRoles(client, id, roles("consumer"));
    emu.spaces.deleteAssignment(SEED_SPACES.sales, viewer);
    emu.resetLog();
    expect(await SPACE_MEMBER.replaceRoles(client, id, roles("publisher"))).toBe(true);
    expect(sent()).toEqual(["PUT 404", "POST 201"]);
});

it("a space that is gone: false, and fetch finds no member", async () => {
    const client = newClient();
    const id = `${"0".repeat(24)}/users/${viewer}`;
    expect(await SPACE_MEMBER.replaceRoles(client, id, roles("consumer"))).toBe(false);
    expect(await SPACE_MEMBER.fetch(client, id)).toBeUndefined();
});
