"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadKubernetesClient = loadKubernetesClient;
exports.isApiException = isApiException;
exports.apiErrorMessage = apiErrorMessage;
const node_vm_1 = __importDefault(require("node:vm"));
const SPECIFIER = '@kubernetes/client-node';
let loading;
/**
 * Loads @kubernetes/client-node once. tsc (module: commonjs) rewrites `import()` into `require()`, which cannot
 * load ESM on every supported Node, so the import is hidden from it in a Function. Jest runs code in a vm
 * context without a dynamic-import callback (no --experimental-vm-modules), where that import throws; there the
 * import is compiled as a script that uses the main context's own ESM loader instead. The module then lives in
 * the main realm: callers must not rely on `instanceof` for its errors (see isApiException).
 */
function loadKubernetesClient() {
    loading ??= nativeImport(SPECIFIER).catch((err) => {
        if (err?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG')
            throw err;
        return mainContextImport(SPECIFIER);
    });
    loading.catch(() => {
        loading = undefined;
    });
    return loading;
}
const nativeImport = new Function('specifier', 'return import(specifier)');
function mainContextImport(specifier) {
    const script = new node_vm_1.default.Script('(specifier) => import(specifier)', {
        filename: __filename,
        importModuleDynamically: node_vm_1.default.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const load = script.runInThisContext();
    return load(specifier);
}
/** An ApiException from client-node, recognised by shape because it may come from another realm. */
function isApiException(err) {
    return typeof err === 'object' && err !== null && typeof err.code === 'number';
}
/** The V1Status message inside an ApiException body (a JSON string), or the error's own message. */
function apiErrorMessage(err) {
    if (isApiException(err)) {
        const body = err.body;
        try {
            const status = (typeof body === 'string' ? JSON.parse(body) : body);
            if (typeof status?.message === 'string')
                return `${status.message} (HTTP ${err.code})`;
        }
        catch {
            // Not JSON: fall through to the plain message.
        }
        return `HTTP ${err.code}: ${err.message}`;
    }
    // Not instanceof: errors from the main realm are not instances of this realm's Error under jest.
    const message = err?.message;
    return typeof message === 'string' ? message : String(err);
}
//# sourceMappingURL=load-client.js.map