import type { LanguageSpec } from '../config/catalog-schema';

export interface ImageBuildRequest {
  executionId: string;
  service: string;
  commit: string;
  workspace: string;
  language: LanguageSpec;
  /** Repository to push to, e.g. registry.example.com/orders. */
  repository: string;
  tag: string;
  logId: string;
}

export interface BuiltImage {
  /** Pinned reference: repository@sha256:… — what deploys use, never a mutable tag. */
  image: string;
  digest: string;
  tag: string;
}

export interface ImageBuilder {
  build(req: ImageBuildRequest, io: { signal: AbortSignal; heartbeat: () => void }): Promise<BuiltImage>;
}
