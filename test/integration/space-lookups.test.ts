/** The space lookups' queries against the emulator: a space with the roles it takes, and its members by name. */
import { DOCUMENTED, SEED_SPACES, startEmulator, type TenantEmulator } from "../../emulator";
import { stableHex } from "../../emulator/ids";
import { emulatorClient } from "../support/harness";
import { findSpace, findSpaceMembers } from "../../provider/lookups/space-queries";

let emu: TenantEmulator;
beforeAll(async () => {
    emu = await startEmulator();
});
afterAll(() => emu.close());

const client = () => emulatorClient(emu);

it("getSpace: the space's type, owner and assignable roles, by name or id", async () => {
    const space = await findSpace(client(), { spaceName: SEED_SPACES.finance });
    expect(space).toEqual({
        spaceId: emu.spaces.spaceId(SEED_SPACES.finance),
        spaceName: SEED_SPACES.finance,
        type: "shared",
        ownerId: DOCUMENTED.userId,
        assignableRoles: ["codeveloper", "consumer", "dataconsumer", "facilitator", "producer"],
    });
    expect(await findSpace(client(), { spaceId: space.spaceId })).toEqual(space);
});

it("getSpaceMembers: every assignment with its assignee's name, groups first, sorted", async () => {
    const { members } = await findSpaceMembers(client(), { spaceName: SEED_SPACES.finance });
    expect(members).toEqual([
        { type: "group", assigneeId: DOCUMENTED.groupId, name: DOCUMENTED.groupName, roles: ["consumer"] },
        {
            type: "user",
            assigneeId: stableHex("user:viewer"),
            name: "viewer@example.com",
            email: "viewer@example.com",
            roles: ["consumer", "dataconsumer"],
        },
    ]);
});

it("an unknown space is one line", async () => {
    await expect(findSpaceMembers(client(), { spaceName: "Nope" })).rejects.toThrow(
        /^no space with spaceName "Nope" is visible to the credential/,
    );
});
