"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=test-report.js.map