"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EMPTY_DEPLOYMENT = void 0;
exports.EMPTY_DEPLOYMENT = { stable: null, gray: null };
//# sourceMappingURL=deployment.js.map