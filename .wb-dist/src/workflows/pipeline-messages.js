"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.pipelineProgressQuery = void 0;
const workflow_1 = require("@temporalio/workflow");
exports.pipelineProgressQuery = (0, workflow_1.defineQuery)('pipelineProgress');
//# sourceMappingURL=pipeline-messages.js.map