import vm from 'node:vm';
import type * as ClientNode from '@kubernetes/client-node';

/** The @kubernetes/client-node module. It is ESM-only while Gantry compiles to CommonJS. */
export type K8s = typeof ClientNode;

const SPECIFIER = '@kubernetes/client-node';
let loading: Promise<K8s> | undefined;

/**
 * Loads @kubernetes/client-node once. tsc (module: commonjs) rewrites `import()` into `require()`, which cannot
 * load ESM on every supported Node, so the import is hidden from it in a Function. Jest runs code in a vm
 * context without a dynamic-import callback (no --experimental-vm-modules), where that import throws; there the
 * import is compiled as a script that uses the main context's own ESM loader instead. The module then lives in
 * the main realm: callers must not rely on `instanceof` for its errors (see isApiException).
 */
export function loadKubernetesClient(): Promise<K8s> {
  loading ??= nativeImport(SPECIFIER).catch((err: unknown) => {
    if ((err as { code?: string } | undefined)?.code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG') throw err;
    return mainContextImport(SPECIFIER);
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<K8s>;

function mainContextImport(specifier: string): Promise<K8s> {
  const script = new vm.Script('(specifier) => import(specifier)', {
    filename: __filename,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const load = script.runInThisContext() as (s: string) => Promise<K8s>;
  return load(specifier);
}

/** An ApiException from client-node, recognised by shape because it may come from another realm. */
export function isApiException(err: unknown): err is { code: number; body: unknown; message: string } {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number';
}

/** The V1Status message inside an ApiException body (a JSON string), or the error's own message. */
export function apiErrorMessage(err: unknown): string {
  if (isApiException(err)) {
    const body = err.body;
    try {
      const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown } | undefined;
      if (typeof status?.message === 'string') return `${status.message} (HTTP ${err.code})`;
    } catch {
      // Not JSON: fall through to the plain message.
    }
    return `HTTP ${err.code}: ${err.message}`;
  }
  // Not instanceof: errors from the main realm are not instances of this realm's Error under jest.
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(err);
}
