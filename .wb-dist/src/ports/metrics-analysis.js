"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.CHECK_OPERATORS = void 0;
/** How a check's value is compared with its threshold: the check passes when `value <op> threshold` holds. */
exports.CHECK_OPERATORS = ['<', '<=', '>', '>=', '==', '!='];
//# sourceMappingURL=metrics-analysis.js.map