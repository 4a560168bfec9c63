/**
 * SCIM filter subset (RFC 7644 §3.4.2.2) as Qlik's list endpoints accept it: `eq` / `co` comparisons joined by
 * `and` / `or` with parentheses. Anything else is refused with a message naming the problem, because a faithful
 * emulator must fail where a sloppy client would silently get wrong results from Qlik.
 *
 * Decisions where Qlik documents nothing (Qlik documents no other operators and no escaping rule):
 * - ASSUMPTION: keywords (`and`, `or`, operators) and attribute names are case-insensitive, as RFC 7644 says.
 * - ASSUMPTION: values must be quoted strings. Double quotes take JSON escapes (`\"`, `\\`, `\uXXXX`, ...);
 *   single quotes (used by Qlik's own examples) take only `\'` and `\\`. Bare words (true, 42) are refused.
 * - Qlik documents every condition as case-insensitive (users, groups, roles): `eq` ignores case by default,
 *   so a client resolving `user1234` also gets `User1234` and must pick the exact one itself. The "exact"
 *   variant (`filterCase`) compares `eq` exactly instead.
 * - `co` is a case-insensitive substring match.
 * - The "literal" variant (`filterValues`) reads no escapes at all: a backslash is an ordinary character and a
 *   value ends at the next quote, as a server without an escaping rule would.
 * - `not`, `pr`, `ne`, `sw`, `ew`, `gt`, `ge`, `lt`, `le` and value paths (`emails[...]`) are refused.
 */

export type FilterOp = "eq" | "co";

export type FilterNode =
    | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
    | { kind: "cmp"; attr: string; op: FilterOp; value: string };

/** One filterable attribute: the operators it allows and its values for an item (any value may match). */
export interface FilterAttribute<T> {
    name: string;
    ops: readonly FilterOp[];
    values(item: T): readonly (string | undefined)[];
}

export interface FilterCatalog<T> {
    /** Resource name used in messages, e.g. "users". */
    resource: string;
    attributes: readonly FilterAttribute<T>[];
    /**
     * Attributes that may not be OR-ed with other attributes. Qlik: "status conditions must be grouped and ANDed
     * with the rest" (Qlik's API reference), e.g. `(status eq "active" or status eq "invited") and name co "a"`.
     */
    andOnly?: readonly string[];
}

export class FilterError extends Error {}

const SCIM_OPERATORS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"]);
const MAX_DEPTH = 32;

type Token =
    | { type: "(" | ")" | "[" | "]"; pos: number }
    | { type: "word"; value: string; pos: number }
    | { type: "string"; value: string; pos: number };

/** How values are read and compared: the `filterValues` and `filterCase` variants. */
export interface FilterMode {
    filterValues: "unescape" | "literal";
    filterCase: "insensitive" | "exact";
}

const DEFAULT_MODE: FilterMode = { filterValues: "unescape", filterCase: "insensitive" };

export function tokenize(text: string, values: FilterMode["filterValues"] = "unescape"): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const ch = text[i]!;
        if (/\s/.test(ch)) {
            i++;
        } else if (ch === "(" || ch === ")" || ch === "[" || ch === "]") {
            tokens.push({ type: ch, pos: i });
            i++;
        } else if (ch === '"' || ch === "'") {
            const [value, end] = values === "literal" ? readLiteral(text, i) : readString(text, i);
            tokens.push({ type: "string", value, pos: i });
            i = end;
        } else if (/[A-Za-z0-9_.:$+-]/.test(ch)) {
            const start = i;
            while (i < text.length && /[A-Za-z0-9_.:$+-]/.test(text[i]!)) i++;
            tokens.push({ type: "word", value: text.slice(start, i), pos: start });
        } else {
            throw new FilterError(`Unexpected character ${JSON.stringify(ch)} at position ${i}`);
        }
    }
    return tokens;
}

const JSON_ESCAPES: Record<string, string> = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
};

/** Reads a quoted string with no escapes at all: everything up to the next quote of the same kind. */
function readLiteral(text: string, start: number): [string, number] {
    const end = text.indexOf(text[start]!, start + 1);
    if (end === -1) throw new FilterError(`Unterminated string starting at position ${start}`);
    return [text.slice(start + 1, end), end + 1];
}

/** Reads a quoted string starting at `start`; returns its value and the index after the closing quote. */
function readString(text: string, start: number): [string, number] {
    const quote = text[start]!;
    let out = "";
    let i = start + 1;
    while (i < text.length) {
        const ch = text[i]!;
        if (ch === quote) return [out, i + 1];
        if (ch !== "\\") {
            out += ch;
            i++;
            continue;
        }
        const esc = text[i + 1];
        if (esc === undefined) break;
        if (quote === "'") {
            if (esc !== "'" && esc !== "\\") {
                throw new FilterError(
                    `Invalid escape \\${esc} at position ${i}: single-quoted values allow only \\' and \\\\`,
                );
            }
            out += esc;
            i += 2;
        } else if (esc === "u") {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new FilterError(`Invalid \\u escape at position ${i}`);
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
        } else {
            const mapped = JSON_ESCAPES[esc];
            if (mapped === undefined) throw new FilterError(`Invalid escape \\${esc} at position ${i}`);
            out += mapped;
            i += 2;
        }
    }
    throw new FilterError(`Unterminated string starting at position ${start}`);
}

class Parser<T> {
    private i = 0;
    constructor(
        private readonly tokens: Token[],
        private readonly catalog: FilterCatalog<T>,
    ) {}

    parse(): FilterNode {
        if (this.tokens.length === 0) throw new FilterError("The filter is empty");
        const node = this.parseOr(0);
        const extra = this.tokens[this.i];
        if (extra) throw new FilterError(`Unexpected ${describe(extra)} at position ${extra.pos}`);
        return node;
    }

    private keyword(word: string): boolean {
        const t = this.tokens[this.i];
        if (t?.type === "word" && t.value.toLowerCase() === word) {
            this.i++;
            return true;
        }
        return false;
    }

    private parseOr(depth: number): FilterNode {
        let left = this.parseAnd(depth);
        while (this.keyword("or")) left = { kind: "or", left, right: this.parseAnd(depth) };
        return left;
    }

    private parseAnd(depth: number): FilterNode {
        let left = this.parsePrimary(depth);
        while (this.keyword("and")) left = { kind: "and", left, right: this.parsePrimary(depth) };
        return left;
    }

    private parsePrimary(depth: number): FilterNode {
        const t = this.tokens[this.i];
        if (!t) throw new FilterError("Unexpected end of filter: expected a comparison");
        if (t.type === "(") {
            if (depth >= MAX_DEPTH) throw new FilterError(`Parentheses nest deeper than ${MAX_DEPTH}`);
            this.i++;
            const inner = this.parseOr(depth + 1);
            const close = this.tokens[this.i];
            if (close?.type !== ")") {
                throw new FilterError(close ? `Expected ")" at position ${close.pos}` : `Missing ")"`);
            }
            this.i++;
            return inner;
        }
        if (t.type !== "word")
            throw new FilterError(`Unexpected ${describe(t)} at position ${t.pos}: expected an attribute`);
        if (t.value.toLowerCase() === "not") throw new FilterError(`The "not" operator is not supported`);
        return this.parseComparison(t);
    }

    private parseComparison(attrTok: Token & { type: "word" }): FilterNode {
        this.i++;
        if (this.tokens[this.i]?.type === "[") {
            throw new FilterError(`Value paths such as ${attrTok.value}[...] are not supported`);
        }
        const opTok = this.tokens[this.i++];
        if (opTok?.type !== "word") {
            throw new FilterError(`Expected an operator after ${JSON.stringify(attrTok.value)}`);
        }
        const op = opTok.value.toLowerCase();
        if (!SCIM_OPERATORS.has(op)) {
            throw new FilterError(`Unknown operator ${JSON.stringify(opTok.value)} at position ${opTok.pos}`);
        }
        const attr = this.catalog.attributes.find(
            (a) => a.name.toLowerCase() === attrTok.value.toLowerCase(),
        );
        if (!attr) {
            const known = this.catalog.attributes.map((a) => a.name).join(", ");
            throw new FilterError(
                `Unknown attribute ${JSON.stringify(attrTok.value)} for ${this.catalog.resource}; filterable: ${known}`,
            );
        }
        if (!(attr.ops as readonly string[]).includes(op)) {
            throw new FilterError(
                `Operator "${op}" is not supported for ${attr.name}; supported: ${attr.ops.join(", ")}`,
            );
        }
        const valTok = this.tokens[this.i++];
        if (valTok?.type !== "string") {
            throw new FilterError(
                valTok
                    ? `Expected a quoted string value for ${attr.name} at position ${valTok.pos}`
                    : `Missing value for ${attr.name}`,
            );
        }
        return { kind: "cmp", attr: attr.name, op: op as FilterOp, value: valTok.value };
    }
}

function describe(t: Token): string {
    if (t.type === "word") return `word ${JSON.stringify(t.value)}`;
    if (t.type === "string") return "string value";
    return `"${t.type}"`;
}

function attrsUnder(node: FilterNode, out: Set<string>): Set<string> {
    if (node.kind === "cmp") out.add(node.attr);
    else {
        attrsUnder(node.left, out);
        attrsUnder(node.right, out);
    }
    return out;
}

function checkAndOnly(node: FilterNode, andOnly: readonly string[]): void {
    if (node.kind === "cmp") return;
    if (node.kind === "or") {
        const attrs = [...attrsUnder(node, new Set())];
        for (const special of andOnly) {
            if (attrs.includes(special) && attrs.some((a) => a !== special)) {
                throw new FilterError(
                    `${special} conditions must be grouped and combined with the rest using "and", not "or"`,
                );
            }
        }
    }
    checkAndOnly(node.left, andOnly);
    checkAndOnly(node.right, andOnly);
}

export function parseFilter<T>(
    text: string,
    catalog: FilterCatalog<T>,
    values: FilterMode["filterValues"] = "unescape",
): FilterNode {
    const node = new Parser(tokenize(text, values), catalog).parse();
    if (catalog.andOnly) checkAndOnly(node, catalog.andOnly);
    return node;
}

export function evaluate<T>(
    node: FilterNode,
    item: T,
    catalog: FilterCatalog<T>,
    eqCase: FilterMode["filterCase"] = "insensitive",
): boolean {
    if (node.kind !== "cmp") {
        const left = evaluate(node.left, item, catalog, eqCase);
        return node.kind === "and"
            ? left && evaluate(node.right, item, catalog, eqCase)
            : left || evaluate(node.right, item, catalog, eqCase);
    }
    const attr = catalog.attributes.find((a) => a.name === node.attr)!;
    const needle = node.value.toLowerCase();
    const equal = (v: string) => (eqCase === "exact" ? v === node.value : v.toLowerCase() === needle);
    return attr
        .values(item)
        .some((v) =>
            v === undefined ? false : node.op === "eq" ? equal(v) : v.toLowerCase().includes(needle),
        );
}

/** Parses once; the returned predicate evaluates per item. Throws FilterError on a bad filter. */
export function compileFilter<T>(
    text: string,
    catalog: FilterCatalog<T>,
    mode: FilterMode = DEFAULT_MODE,
): (item: T) => boolean {
    const node = parseFilter(text, catalog, mode.filterValues);
    return (item) => evaluate(node, item, catalog, mode.filterCase);
}
