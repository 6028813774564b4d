"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=source-repo.js.map