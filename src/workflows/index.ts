export { pipelineWorkflow } from './pipeline-workflow';
export { releaseWorkflow } from './release-workflow';
export { deployLeaseWorkflow } from './deploy-lease-workflow';
export { previewWorkflow } from './preview-workflow';
