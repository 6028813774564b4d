"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=git-ops.js.map