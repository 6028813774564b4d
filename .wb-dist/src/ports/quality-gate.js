"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=quality-gate.js.map