/**
 * The runtime's entry points as Pulumi's dynamic-provider host uses them: which resource kinds and contract
 * versions an installed copy serves, and a call that arrives before `configure`.
 */
import { configure, dynamicProvider, providerFor, __testing } from "../../provider/runtime";

describe("the runtime's entry points", () => {
    afterEach(() => {
        jest.useRealTimers();
        __testing.reset();
    });

    it("serves the four resource kinds of contract version 1, and names what to upgrade otherwise", () => {
        for (const kind of ["user", "group", "userRoles", "groupRoles"] as const)
            expect(typeof providerFor(kind, 1).create).toBe("function");
        expect(() => providerFor("user", 2)).toThrow(
            'pulumi-qlik-roles: this installed version cannot serve resource type "user" v2; upgrade the pulumi-qlik-roles package',
        );
        expect(() => providerFor("toString" as "user", 1)).toThrow(
            /cannot serve resource type "toString" v1/,
        );
    });

    it("a call that comes before configure waits for it, and fails in one line when it never comes", async () => {
        jest.useFakeTimers();
        __testing.reset();
        const props = {
            tenantUrl: "https://other.eu.qlikcloud.com",
            userId: "u1",
            roleId: "r1",
            role: "Steward",
        };
        // Waits for configure, which names another tenant: the call then refuses the state, proving it waited.
        const waiting = providerFor("user", 1).read("id", props);
        await configure({
            config: {
                get: (k: string) =>
                    ({ "qlik:tenantUrl": "https://acme.eu.qlikcloud.com", "qlik:apiKey": "k" })[k],
            },
        });
        await expect(waiting).rejects.toThrow(/belongs to tenant https:\/\/other\.eu\.qlikcloud\.com/);
        expect(jest.getTimerCount()).toBe(0); // its 60-second deadline went with it

        __testing.reset();
        const abandoned = providerFor("user", 1).read("id", props);
        const failed = expect(abandoned).rejects.toThrow(
            "the provider was not configured within 60 s; set qlik:tenantUrl and qlik:apiKey",
        );
        await jest.advanceTimersByTimeAsync(60_000);
        await failed;
    });

    it("refuses invalid inputs in create, and an import of inputs that are not valid, before asking Qlik", async () => {
        await configure({
            config: {
                get: (k: string) =>
                    ({ "qlik:tenantUrl": "https://acme.eu.qlikcloud.com", "qlik:apiKey": "k" })[k],
            },
        });
        await expect(providerFor("user", 1).create({ subject: "user1234", team: "x" })).rejects.toThrow(
            'create UserRoleAssignment (user subject "user1234"): team: unknown input "team"; the inputs are userId, subject, email, role, retainIfPreexisting; role: role is required: the name of a tenant role, e.g. "ManagedSpaceCreator"',
        );
        await expect(
            providerFor("user", 1).read("acme/users/u1/roles/r1", { subject: "user1234", team: "x" }),
        ).rejects.toThrow(
            'cannot import acme/users/u1/roles/r1: its recorded inputs are not valid (unknown input "team"; the inputs are userId, subject, email, role, retainIfPreexisting; role is required: the name of a tenant role, e.g. "ManagedSpaceCreator")',
        );
    });

    it("a configuration error waits for the calls that report it, without an unhandled rejection meanwhile", async () => {
        const unhandled: unknown[] = [];
        const listener = (reason: unknown) => void unhandled.push(reason);
        process.on("unhandledRejection", listener);
        try {
            await configure({ config: { get: () => undefined } }, {});
            await new Promise((resolve) => setTimeout(resolve, 20));
            expect(unhandled).toEqual([]);
            await expect(providerFor("user", 1).delete("id", { userId: "u1", roleId: "r1" })).rejects.toThrow(
                /qlik:tenantUrl/,
            );
        } finally {
            process.off("unhandledRejection", listener);
        }
    });

    it("an operation's error is shown once: the host's echo of it is dropped", async () => {
        const written: unknown[][] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => void written.push(args);
        try {
            dynamicProvider("user", 1); // what the host loads; installs the echo filter
            await configure({
                config: {
                    get: (k: string) =>
                        ({ "qlik:tenantUrl": "https://acme.eu.qlikcloud.com", "qlik:apiKey": "k" })[k],
                },
            });
            const err = (await providerFor("user", 1)
                .create({ subject: "user1234" })
                .catch((e: unknown) => e)) as Error;
            console.error(`${err}: ${err.stack}`); // what Pulumi's dynamic-provider host prints
            expect(written).toEqual([]);
        } finally {
            console.error = original;
        }
    });
});
