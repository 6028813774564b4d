"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.TAG_IGNORED = exports.COMMIT_SHA = void 0;
/** SHA-1 or SHA-256 object ids: the commit ends up in a workflow id, so nothing else gets through. */
exports.COMMIT_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
exports.TAG_IGNORED = 'tag pushes do not start CI';
//# sourceMappingURL=push-event.js.map