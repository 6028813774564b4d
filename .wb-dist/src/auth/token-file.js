"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.readTokenFile = readTokenFile;
exports.writeTokenFile = writeTokenFile;
const node_crypto_1 = require("node:crypto");
const promises_1 = require("node:fs/promises");
const node_path_1 = require("node:path");
const zod_1 = require("zod");
/**
 * The token store: hashes of personal and service tokens, never the tokens. A JSON file (in Kubernetes the key
 * of a Secret mounted as a file). Each entry is bound to a catalog person or to a named service account.
 */
const tokenEntrySchema = zod_1.z
    .object({
    id: zod_1.z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lowercase letters, digits, "_" or "-"'),
    hash: zod_1.z.string().regex(/^sha256:[0-9a-f]{64}$/, 'write the hash as sha256:<64 hex digits>'),
    person: zod_1.z.string().min(1).optional(),
    service: zod_1.z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*$/)
        .optional(),
    /** A service account's roles (e.g. release-manager, ci); a person's come from the catalog. */
    roles: zod_1.z.array(zod_1.z.string().min(1)).default([]),
    description: zod_1.z.string().default(''),
    createdAt: zod_1.z.iso.datetime(),
    expiresAt: zod_1.z.iso.datetime().optional(),
    revokedAt: zod_1.z.iso.datetime().optional(),
})
    .refine((e) => (e.person === undefined) !== (e.service === undefined), {
    message: 'bind the token to exactly one of person or service',
});
const tokenFileSchema = zod_1.z.object({ tokens: zod_1.z.array(tokenEntrySchema).default([]) });
/** Reads the store; a missing file is an empty store, a malformed one an error naming the path and the problem. */
async function readTokenFile(path) {
    let text;
    try {
        text = await (0, promises_1.readFile)(path, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return { tokens: [] };
        throw err;
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (err) {
        throw new Error(`token store ${path} is not JSON: ${err.message}`);
    }
    const parsed = tokenFileSchema.safeParse(json);
    if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new Error(`token store ${path}: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
    }
    const ids = new Set();
    for (const entry of parsed.data.tokens) {
        if (ids.has(entry.id))
            throw new Error(`token store ${path}: token id "${entry.id}" appears twice`);
        ids.add(entry.id);
    }
    return parsed.data;
}
/** Writes atomically (rename) with mode 0600: a reader never sees half a file, and no one else can read hashes. */
async function writeTokenFile(path, file) {
    await (0, promises_1.mkdir)((0, node_path_1.dirname)(path), { recursive: true });
    const tmp = `${path}.${(0, node_crypto_1.randomBytes)(4).toString('hex')}.tmp`;
    await (0, promises_1.writeFile)(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await (0, promises_1.chmod)(tmp, 0o600);
    await (0, promises_1.rename)(tmp, path);
}
//# sourceMappingURL=token-file.js.map