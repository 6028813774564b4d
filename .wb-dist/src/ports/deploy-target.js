"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DeployError = void 0;
class DeployError extends Error {
    diagnosis;
    kind;
    constructor(message, diagnosis, kind) {
        super(message);
        this.diagnosis = diagnosis;
        this.kind = kind;
        this.name = 'DeployError';
    }
}
exports.DeployError = DeployError;
//# sourceMappingURL=deploy-target.js.map