"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=image-scanner.js.map