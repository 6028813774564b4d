"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=package-store.js.map