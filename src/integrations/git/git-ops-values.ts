import { Document, parse, parseDocument } from 'yaml';
import { EMPTY_DEPLOYMENT } from '../../domain/deployment';
import type { DeploymentState } from '../../domain/deployment';
import { artifactKindOf, type ArtifactKind } from '../../domain/artifact-kind';

// The GitOps values file of one service in one environment: parsed to a deployment state and rendered back.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function imageOf(value: unknown, path: string): string | null {
  if (value == null || value === '') return null;
  if (typeof value !== 'string') throw new Error(`${path}: image must be a string or null`);
  return value;
}

/** Values file → state. A disabled gray track counts as no gray, whatever image it still names. */
export function stateFromValues(text: string, path: string): DeploymentState {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`${path}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc == null) return EMPTY_DEPLOYMENT;
  if (!isRecord(doc)) throw new Error(`${path}: expected a YAML mapping`);
  const stable = isRecord(doc.stable) ? imageOf(doc.stable.image, path) : null;
  const gray = isRecord(doc.gray) && doc.gray.enabled === true ? imageOf(doc.gray.image, path) : null;
  const weight = isRecord(doc.gray) ? doc.gray.weight : undefined;
  if (weight !== undefined && weight !== null && !isWeight(weight)) {
    throw new Error(`${path}: gray.weight must be a whole number from 0 to 100`);
  }
  return withWeight({ stable, gray, grayWeight: typeof weight === 'number' ? weight : undefined });
}

const isWeight = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 100;

/** A weight only means something while gray runs: without gray it is dropped, so states compare equal. */
export function withWeight(state: DeploymentState): DeploymentState {
  if (state.grayWeight !== undefined && !isWeight(state.grayWeight)) {
    throw new Error(`invalid gray weight ${state.grayWeight}: a whole number from 0 to 100`);
  }
  if (state.gray === null || state.grayWeight === undefined) return { stable: state.stable, gray: state.gray };
  return state;
}

/**
 * What a track runs, beside its reference: `artifact: image`, or `package` (the chart then fetches and unpacks
 * it into the runtime image instead of running the reference as the container image).
 */
const kindOf = (image: string | null): { artifact?: ArtifactKind } =>
  image ? { artifact: artifactKindOf(image) } : {};

/** State → values file. Edits the existing document in place so keys and comments added by hand survive. */
export function renderValues(
  existing: string | null,
  service: string,
  environment: string,
  state: DeploymentState,
): string {
  const fresh = (): Document =>
    new Document({
      service,
      environment,
      stable: { image: state.stable, ...kindOf(state.stable) },
      gray: {
        enabled: state.gray !== null,
        image: state.gray,
        ...kindOf(state.gray),
        ...(state.gray !== null && state.grayWeight !== undefined ? { weight: state.grayWeight } : {}),
      },
    });
  if (existing === null) return fresh().toString();
  const doc = parseDocument(existing);
  if (doc.errors.length > 0 || !isRecord(doc.toJS())) return fresh().toString();
  try {
    doc.set('service', service);
    doc.set('environment', environment);
    doc.setIn(['stable', 'image'], state.stable);
    doc.setIn(['gray', 'enabled'], state.gray !== null);
    doc.setIn(['gray', 'image'], state.gray);
    const setKind = (track: 'stable' | 'gray', image: string | null): void => {
      const kind = kindOf(image).artifact;
      if (kind) doc.setIn([track, 'artifact'], kind);
      else doc.deleteIn([track, 'artifact']);
    };
    setKind('stable', state.stable);
    setKind('gray', state.gray);
    // The share of requests the chart routes to gray (HTTPRoute backendRef weights, see examples/charts).
    if (state.gray !== null && state.grayWeight !== undefined) doc.setIn(['gray', 'weight'], state.grayWeight);
    else doc.deleteIn(['gray', 'weight']);
  } catch {
    // `stable` or `gray` was not a mapping: the file is ours to regenerate.
    return fresh().toString();
  }
  return doc.toString();
}
