"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cellKey = void 0;
const cellKey = (service, environment) => `${service}/${environment}`;
exports.cellKey = cellKey;
//# sourceMappingURL=board-source.js.map