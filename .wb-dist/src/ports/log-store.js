"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=log-store.js.map