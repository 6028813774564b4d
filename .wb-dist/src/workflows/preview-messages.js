"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.previewProgressQuery = exports.previewRequestSignal = void 0;
const workflow_1 = require("@temporalio/workflow");
/** A newer merge request event: the newest deploy wins; a close always wins. */
exports.previewRequestSignal = (0, workflow_1.defineSignal)('previewRequest');
exports.previewProgressQuery = (0, workflow_1.defineQuery)('previewProgress');
//# sourceMappingURL=preview-messages.js.map