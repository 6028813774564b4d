"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findPerson = findPerson;
/**
 * The catalog person a login claim names, matching exactly one field (emails case-insensitively). The catalog
 * refuses duplicate identities, so a value names at most one person.
 */
function findPerson(catalog, field, value) {
    if (typeof value !== 'string' || value === '')
        return undefined;
    if (field === 'id')
        return Object.hasOwn(catalog.people, value) ? value : undefined;
    const wanted = field === 'email' ? value.toLowerCase() : value;
    for (const [id, person] of Object.entries(catalog.people)) {
        const own = person[field];
        if (typeof own === 'string' && (field === 'email' ? own.toLowerCase() : own) === wanted)
            return id;
    }
    return undefined;
}
//# sourceMappingURL=person-lookup.js.map