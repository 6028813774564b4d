"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.duplicateIdentityProblems = duplicateIdentityProblems;
/**
 * A login claim must name one person: two people sharing an email (or GitLab username, …) would let one act as
 * the other, so the catalog is refused instead of picking one.
 */
const IDENTITY_FIELDS = ['email', 'gitlabUsername', 'githubLogin', 'feishuOpenId', 'oidcSubject'];
function duplicateIdentityProblems(people) {
    const problems = [];
    for (const field of IDENTITY_FIELDS) {
        const owner = new Map();
        for (const [id, person] of Object.entries(people)) {
            const value = person[field];
            if (typeof value !== 'string' || value === '')
                continue;
            const key = field === 'email' ? value.toLowerCase() : value;
            const first = owner.get(key);
            if (first === undefined)
                owner.set(key, id);
            else
                problems.push({
                    path: ['people', id, field],
                    message: `"${value}" is also the ${field} of ${first}: each login identity must name one person`,
                });
        }
    }
    return problems;
}
//# sourceMappingURL=identity-uniqueness.js.map