"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=progress.js.map