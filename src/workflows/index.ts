export { pipelineWorkflow } from './pipeline-workflow';
export { releaseWorkflow } from './release-workflow';
