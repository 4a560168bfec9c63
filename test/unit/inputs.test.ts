/**
 * Resource inputs as `check` judges them, before anything reaches Qlik: every bad input gets one line naming the
 * property and what to set, and values not known yet (computed by other resources at preview) pass.
 */
import { containsUnknown, validateInputs } from "../../provider/runtime/lifecycles/inputs";
import { GROUP } from "../../provider/runtime/kinds/group";
import { SPACE_MEMBER } from "../../provider/runtime/kinds/space-member";
import { USER } from "../../provider/runtime/kinds/user";
import { validateSetInputs } from "../../provider/runtime/lifecycles/set/inputs";

/** What Pulumi sends for a value not known yet. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const assignment = (news: Record<string, unknown>) => validateInputs(news, USER);
const userSet = (news: Record<string, unknown>) => validateSetInputs(news, USER);

describe("assignment inputs", () => {
    it.each([
        [
            { subject: "user1234" },
            "role",
            'role is required: the name of a tenant role, e.g. "ManagedSpaceCreator"',
        ],
        [
            { subject: "user1234", role: " " },
            "role",
            "role must not be empty; set it to a role name as listed by GET /api/v1/roles",
        ],
        [
            { subject: "user1234 ", role: "Steward" },
            "subject",
            'subject "user1234 " has leading or trailing whitespace; remove it (Qlik matches values exactly)',
        ],
        [
            { subject: null, role: "Steward" },
            "",
            "set exactly one of userId, subject or email to name the principal",
        ],
        [
            { subject: "a", email: "a@b.c", role: "Steward" },
            "email",
            "set only one of userId, subject or email; got subject and email",
        ],
        [{ email: "user1234", role: "Steward" }, "email", 'email "user1234" is not an email address'],
        [
            { subject: ["user1234"], role: "Steward" },
            "subject",
            `subject must be a string (the user's subject, e.g. "user1234"); got an array`,
        ],
        [
            { subject: "user1234", role: "Steward", retainIfPreexisting: null, team: 1 },
            "team",
            'unknown input "team"; the inputs are userId, subject, email, role, retainIfPreexisting',
        ],
        [
            { subject: "user1234", role: "Steward", retainIfPreexisting: "yes" },
            "retainIfPreexisting",
            'retainIfPreexisting must be true or false; got "yes"',
        ],
        [
            { subject: "user1234", role: "Steward", retainIfPreexisting: 1 },
            "retainIfPreexisting",
            "retainIfPreexisting must be true or false; got number 1",
        ],
    ])("refuses %j: %s", (news, property, reason) => {
        expect(assignment(news)).toEqual({ failures: [{ property, reason }] });
    });

    it("says a null role is required, and names the group selectors for a group", () => {
        expect(validateInputs({ role: null }, GROUP).failures).toEqual([
            {
                property: "role",
                reason: 'role is required: the name of a tenant role, e.g. "ManagedSpaceCreator"',
            },
            { property: "", reason: "set exactly one of groupId or groupName to name the principal" },
        ]);
    });

    it("asks a space member for a space role, in the kind's words (never a tenant role)", () => {
        expect(validateInputs({ spaceName: "Finance", subject: "user1234" }, SPACE_MEMBER).failures).toEqual([
            { property: "role", reason: 'role is required: the name of a space role, e.g. "consumer"' },
        ]);
        expect(
            validateInputs({ spaceName: "Finance", subject: "user1234", role: "" }, SPACE_MEMBER).failures,
        ).toEqual([
            {
                property: "role",
                reason: "role must not be empty; set it to a role name as listed by the space's meta.assignableRoles (GET /api/v1/spaces/{spaceId})",
            },
        ]);
        expect(
            validateSetInputs({ spaceName: "Finance", groupName: "Finance" }, SPACE_MEMBER).failures,
        ).toEqual([
            {
                property: "roles",
                reason: 'roles is required: the list of role names the assignee holds in the space, e.g. ["consumer"]',
            },
        ]);
        // An empty set takes the assignee out of one space, not away from every role it holds.
        expect(
            validateSetInputs({ spaceName: "Finance", groupName: "Finance", roles: [] }, SPACE_MEMBER)
                .failures,
        ).toEqual([
            {
                property: "roles",
                reason: "roles is empty, which removes every role the assignee holds in the space; set allowEmpty: true if that is intended",
            },
        ]);
    });

    it("accepts one selector and a role, with the resource's name and the retain flag", () => {
        expect(
            assignment({ email: "a@b.c", role: "Steward", retainIfPreexisting: true, resourceName: "r" }),
        ).toEqual({
            failures: [],
            inputs: {
                selector: { email: "a@b.c" },
                role: "Steward",
                retainIfPreexisting: true,
                resourceName: "r",
            },
        });
        expect(assignment({ subject: "s", role: "Steward" }).inputs).toMatchObject({
            retainIfPreexisting: false,
            resourceName: undefined,
        });
    });

    it("lets values not known yet pass, without judging them", () => {
        expect(assignment({ email: UNKNOWN, role: UNKNOWN, retainIfPreexisting: UNKNOWN }).failures).toEqual(
            [],
        );
        expect(containsUnknown({ a: [1, { b: UNKNOWN }] })).toBe(true);
        expect(containsUnknown({ a: [1, { b: "x" }], c: null })).toBe(false);
    });
});

describe("role set inputs", () => {
    it.each([
        [
            { subject: "user1234", roles: ["Steward"], team: 1 },
            "team",
            'unknown input "team"; the inputs are userId, subject, email, roles, allowEmpty',
        ],
        [
            { subject: "user1234", roles: ["Steward"], allowEmpty: "yes" },
            "allowEmpty",
            'allowEmpty must be true or false; got "yes"',
        ],
        [
            { subject: "user1234" },
            "roles",
            'roles is required: the list of role names the principal holds, e.g. ["ManagedSpaceCreator"]',
        ],
        [
            { subject: "user1234", roles: ["Steward", " AuditAdmin"] },
            "roles",
            'roles[1] must be a role name without surrounding spaces; got " AuditAdmin"',
        ],
        [
            { subject: "user1234", roles: ["Steward", 7] },
            "roles",
            "roles[1] must be a role name without surrounding spaces; got 7",
        ],
        [
            { subject: "user1234", roles: [""] },
            "roles",
            'roles[0] must be a role name without surrounding spaces; got ""',
        ],
        [
            { subject: "user1234", roles: ["Steward", "Steward"] },
            "roles",
            'role "Steward" is listed twice in roles; list each role once',
        ],
        [
            { subject: "user1234", roles: [] },
            "roles",
            "roles is empty, which removes every role the principal holds; set allowEmpty: true if that is intended",
        ],
        [{ roles: ["Steward"] }, "", "set exactly one of userId, subject or email to name the principal"],
    ])("refuses %j: %s", (news, property, reason) => {
        expect(userSet(news)).toEqual({ failures: [{ property, reason }] });
    });

    it("accepts a selector and a list of roles, or an empty one with allowEmpty", () => {
        expect(userSet({ subject: "s", roles: ["A", "B"], resourceName: "r" })).toEqual({
            failures: [],
            inputs: {
                selector: { subject: "s" },
                roles: ["A", "B"],
                allowEmpty: false,
                resourceName: "r",
            },
        });
        expect(userSet({ subject: "s", roles: [], allowEmpty: true }).inputs).toMatchObject({
            roles: [],
            allowEmpty: true,
        });
        // null is how an unset optional input can arrive: the default, not a wrong value.
        expect(userSet({ subject: "s", roles: ["A"], allowEmpty: null })).toMatchObject({
            failures: [],
            inputs: { allowEmpty: false },
        });
    });

    it("lets values not known yet pass, but acts on nothing until all are known", () => {
        expect(userSet({ subject: "s", roles: UNKNOWN })).toEqual({ failures: [] });
        expect(userSet({ subject: "s", roles: ["A", UNKNOWN] })).toEqual({ failures: [] });
        expect(userSet({ subject: "s", roles: [], allowEmpty: UNKNOWN })).toEqual({ failures: [] });
        expect(userSet({ subject: UNKNOWN, roles: ["A"] }).inputs).toMatchObject({
            selector: { subject: UNKNOWN },
        });
    });
});
