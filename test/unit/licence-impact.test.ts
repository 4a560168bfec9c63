import { holdsPromotingRole, heldRoles, sourcesFromUserAnswer } from "../../provider/access/held-roles";
import {
    isFull,
    losesLastPromotion,
    promotionLine,
    promotionOf,
    returnToBasicNote,
    type MemberSources,
} from "../../provider/access/licence-impact";

const STEWARD = { id: "r-steward", name: "Steward" };
const ADMIN = { id: "r-admin", name: "DataAdmin" };
const COLLAB = { id: "r-collab", name: "CollaborationPlatformUser" };
const promotes = (r: { id: string }) => r.id === STEWARD.id || r.id === ADMIN.id;

const basic = (name: string): MemberSources => ({ name, sources: { direct: [], groups: [], everyone: [] } });
const fullDirect = (name: string): MemberSources => ({
    name,
    sources: { direct: [ADMIN], groups: [], everyone: [] },
});
const fullViaGroup = (name: string): MemberSources => ({
    name,
    sources: { direct: [COLLAB], groups: [{ id: "g2", name: "Admins", roles: [ADMIN] }], everyone: [] },
});

describe("promotionOf", () => {
    it("says nothing for a role that does not promote, whoever gets it", () => {
        expect(promotionOf(COLLAB, { kind: "user", label: 'user "ada"', user: basic("ada") }, promotes)).toBe(
            undefined,
        );
        expect(promotionOf(COLLAB, { kind: "group", label: "g", members: [basic("a")] }, promotes)).toBe(
            undefined,
        );
    });

    it("names a Basic user that the grant makes Full", () => {
        const p = promotionOf(STEWARD, { kind: "user", label: 'user "ada"', user: basic("ada") }, promotes)!;
        expect(promotionLine(p)).toBe(
            'role "Steward" promotes Basic users to Full on capacity-based subscriptions: user "ada" is Basic today and becomes Full',
        );
    });

    it.each([
        ["directly", { direct: [ADMIN], groups: [], everyone: [] }],
        ["through a group", { direct: [], groups: [{ id: "g", name: "G", roles: [STEWARD] }], everyone: [] }],
        ["through Everyone", { direct: [], groups: [], everyone: [ADMIN] }],
    ])("says nothing for a user Full already %s", (_how, sources) => {
        const user = { name: "ada", sources };
        expect(promotionOf(STEWARD, { kind: "user", label: 'user "ada"', user }, promotes)).toBe(undefined);
    });

    it("counts a group's members and its Basic ones, naming the first three Basic ones by name", () => {
        const members = [
            basic("zoe"),
            fullDirect("bob"),
            basic("cat"),
            fullViaGroup("dan"),
            basic("amy"),
            basic("eve"),
        ];
        const p = promotionOf(STEWARD, { kind: "group", label: 'group "Sales"', members }, promotes)!;
        expect(p).toMatchObject({ members: 6, basic: 4, named: ["amy", "cat", "eve"] });
        expect(promotionLine(p)).toBe(
            'role "Steward" promotes Basic users to Full on capacity-based subscriptions: group "Sales" has 6 members, 4 of them Basic today (e.g. "amy", "cat", "eve", ...)',
        );
    });

    it("leaves out the ellipsis when every Basic member is named", () => {
        const p = promotionOf(
            STEWARD,
            { kind: "group", label: 'group "S"', members: [basic("a"), fullDirect("b")] },
            promotes,
        )!;
        expect(promotionLine(p)).toMatch(/has 2 members, 1 of them Basic today \(e\.g\. "a"\)$/);
    });

    it("says nothing for a group whose members are all Full already, or that has none", () => {
        const all = [fullDirect("a"), fullViaGroup("b")];
        expect(promotionOf(STEWARD, { kind: "group", label: "g", members: all }, promotes)).toBe(undefined);
        expect(promotionOf(STEWARD, { kind: "group", label: "g", members: [] }, promotes)).toBe(undefined);
    });
});

describe("isFull and holdsPromotingRole", () => {
    it("reads hidden roles (undefined) as none", () => {
        expect(
            isFull(
                {
                    direct: undefined,
                    groups: [{ id: "g", name: "G", roles: undefined }],
                    everyone: undefined,
                },
                promotes,
            ),
        ).toBe(false);
        expect(
            holdsPromotingRole(heldRoles({ direct: [COLLAB], groups: [], everyone: [STEWARD] }), promotes),
        ).toBe(true);
    });
});

describe("sourcesFromUserAnswer", () => {
    it("takes the direct roles and each group with its roles from a Users answer, and Everyone apart", () => {
        expect(
            sourcesFromUserAnswer(
                {
                    assignedRoles: [COLLAB],
                    assignedGroups: [{ id: "g1", name: "Sales", assignedRoles: [STEWARD] }, { id: "g2" }],
                },
                [ADMIN],
            ),
        ).toEqual({
            direct: [COLLAB],
            groups: [
                { id: "g1", name: "Sales", roles: [STEWARD] },
                { id: "g2", name: "g2", roles: undefined },
            ],
            everyone: [ADMIN],
        });
    });
});

describe("losesLastPromotion", () => {
    const sources = {
        direct: [STEWARD, COLLAB],
        groups: [{ id: "g1", name: "Sales", roles: [ADMIN] }],
        everyone: [],
    };

    it("is true only when the removal takes away the last promoting role the user holds", () => {
        expect(losesLastPromotion(sources, [STEWARD], { kind: "direct" }, promotes)).toBe(false); // DataAdmin via Sales stays
        expect(losesLastPromotion(sources, [ADMIN], { kind: "group", groupId: "g1" }, promotes)).toBe(false); // Steward stays
        const onlyDirect = { ...sources, groups: [] };
        expect(losesLastPromotion(onlyDirect, [STEWARD], { kind: "direct" }, promotes)).toBe(true);
        const onlyGroup = { ...sources, direct: [COLLAB] };
        expect(losesLastPromotion(onlyGroup, [ADMIN], { kind: "group", groupId: "g1" }, promotes)).toBe(true);
        expect(losesLastPromotion(onlyGroup, [ADMIN], { kind: "group", groupId: "other" }, promotes)).toBe(
            false,
        );
        const onlyEveryone = { direct: [], groups: [], everyone: [ADMIN] };
        expect(losesLastPromotion(onlyEveryone, [ADMIN], { kind: "everyone" }, promotes)).toBe(true);
    });

    it("is false for a removal of roles that do not promote, or for a user Basic already", () => {
        expect(
            losesLastPromotion(
                { direct: [COLLAB], groups: [], everyone: [] },
                [COLLAB],
                { kind: "direct" },
                promotes,
            ),
        ).toBe(false);
    });
});

describe("losesLastPromotion: what stays after the removal", () => {
    it("takes the removed roles from the one source named, leaving the same role held another way", () => {
        const both = {
            direct: [ADMIN],
            groups: [{ id: "g1", name: "Sales", roles: [ADMIN] }],
            everyone: [ADMIN],
        };
        expect(losesLastPromotion(both, [ADMIN], { kind: "group", groupId: "g1" }, promotes)).toBe(false);
        expect(losesLastPromotion(both, [ADMIN], { kind: "direct" }, promotes)).toBe(false);
        expect(losesLastPromotion({ ...both, groups: [] }, [ADMIN], { kind: "direct" }, promotes)).toBe(
            false,
        );
        expect(losesLastPromotion({ ...both, everyone: [] }, [ADMIN], { kind: "everyone" }, promotes)).toBe(
            false,
        );
        const noEveryone = { ...both, everyone: [] };
        expect(losesLastPromotion(noEveryone, [ADMIN], { kind: "group", groupId: "g1" }, promotes)).toBe(
            false,
        );
    });

    it("keeps the source's other promoting roles", () => {
        const two = { direct: [STEWARD, ADMIN], groups: [], everyone: [] };
        expect(losesLastPromotion(two, [STEWARD], { kind: "direct" }, promotes)).toBe(false);
    });

    it("counts a removal of several roles of which one promotes", () => {
        const one = { direct: [STEWARD, COLLAB], groups: [], everyone: [] };
        expect(losesLastPromotion(one, [COLLAB, STEWARD], { kind: "direct" }, promotes)).toBe(true);
    });

    it("is false for a user that holds no promoting role, whatever is removed", () => {
        const basicUser = { direct: [COLLAB], groups: [], everyone: [] };
        expect(losesLastPromotion(basicUser, [STEWARD], { kind: "direct" }, promotes)).toBe(false);
    });
});

describe("returnToBasicNote", () => {
    it("names the user, or counts the group's members, and leaves the decision to Qlik", () => {
        expect(returnToBasicNote({ user: 'user "ada"' })).toBe(
            'user "ada" then holds no role that promotes to Full: on a capacity-based subscription Qlik may return it to Basic (Qlik assigns entitlements from access and decides when)',
        );
        expect(returnToBasicNote({ members: 5, losing: 2 })).toBe(
            "2 of its 5 members then hold no role that promotes to Full: on a capacity-based subscription Qlik may return them to Basic (Qlik assigns entitlements from access and decides when)",
        );
    });
});
