/**
 * Secret hygiene: does a credential appear anywhere in what a run produced? Every text the reliability tests see
 * (thrown messages, CLI output, exported state, the emulator's request log) is added to a scanner, which looks for
 * each credential in every form it could leak in: plain, base64 (at any byte offset inside a larger encoded
 * text), base64url, URL-encoded and JSON-escaped; and for anything shaped like an emulator credential at all.
 */

export interface Hit {
    artifact: string;
    form: string;
}

/** The base64 text that must appear when `secret` is encoded at byte offset `offset` (0..2) of a larger buffer. */
function base64Core(secret: Buffer, offset: number, url: boolean): string {
    const padded = Buffer.concat([Buffer.alloc(offset), secret]);
    const encoded = padded.toString(url ? "base64url" : "base64");
    const start = Math.ceil(offset / 3) * 4;
    const end = Math.floor((offset + secret.length) / 3) * 4;
    return encoded.slice(start, end);
}

/** Every form in which `secret` could show up in a text, labelled. */
export function secretForms(secret: string): { form: string; text: string }[] {
    const bytes = Buffer.from(secret, "utf8");
    const forms = [
        { form: "plain", text: secret },
        { form: "url-encoded", text: encodeURIComponent(secret) },
        { form: "json-escaped", text: JSON.stringify(secret).slice(1, -1) },
    ];
    for (const offset of [0, 1, 2]) {
        forms.push({ form: `base64@${offset}`, text: base64Core(bytes, offset, false) });
        forms.push({ form: `base64url@${offset}`, text: base64Core(bytes, offset, true) });
    }
    // Only forms long enough to mean something; dedupe (url-encoding often changes nothing).
    const seen = new Set<string>();
    return forms.filter((f) => f.text.length >= 12 && !seen.has(f.text) && seen.add(f.text));
}

/** Shapes of the emulator's credentials (API keys, client secrets, access tokens) whatever the seed. */
const CREDENTIAL_SHAPES = [
    /emu-(?:admin|viewer)-key-[0-9a-f]{40}/,
    /emu-secret-[0-9a-f]{48}/,
    /emu-at-[0-9a-f]{48}/,
];

export class SecretScanner {
    private readonly artifacts: { label: string; text: string }[] = [];

    /** Adds one produced text (or object, scanned as JSON). */
    add(label: string, content: unknown): void {
        const text = typeof content === "string" ? content : JSON.stringify(content);
        if (text) this.artifacts.push({ label, text });
    }

    get count(): number {
        return this.artifacts.length;
    }

    get bytes(): number {
        return this.artifacts.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
    }

    /** Every place a credential shows up. */
    scan(secrets: readonly string[]): Hit[] {
        const hits: Hit[] = [];
        const forms = secrets.flatMap((s, i) =>
            secretForms(s).map((f) => ({ ...f, form: `secret#${i} ${f.form}` })),
        );
        for (const a of this.artifacts) {
            for (const f of forms)
                if (a.text.includes(f.text)) hits.push({ artifact: a.label, form: f.form });
            for (const shape of CREDENTIAL_SHAPES)
                if (shape.test(a.text)) hits.push({ artifact: a.label, form: `shape ${shape.source}` });
        }
        return hits;
    }
}
