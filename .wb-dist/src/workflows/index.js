"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.previewWorkflow = exports.deployLeaseWorkflow = exports.releaseWorkflow = exports.pipelineWorkflow = void 0;
var pipeline_workflow_1 = require("./pipeline-workflow");
Object.defineProperty(exports, "pipelineWorkflow", { enumerable: true, get: function () { return pipeline_workflow_1.pipelineWorkflow; } });
var release_workflow_1 = require("./release-workflow");
Object.defineProperty(exports, "releaseWorkflow", { enumerable: true, get: function () { return release_workflow_1.releaseWorkflow; } });
var deploy_lease_workflow_1 = require("./deploy-lease-workflow");
Object.defineProperty(exports, "deployLeaseWorkflow", { enumerable: true, get: function () { return deploy_lease_workflow_1.deployLeaseWorkflow; } });
var preview_workflow_1 = require("./preview-workflow");
Object.defineProperty(exports, "previewWorkflow", { enumerable: true, get: function () { return preview_workflow_1.previewWorkflow; } });
//# sourceMappingURL=index.js.map