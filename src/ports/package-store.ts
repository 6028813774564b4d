import type { ImageBuildRequest } from './image-builder';

/**
 * A package is built from the same inputs as an image; its repository is e.g. registry.example.com/packages/orders
 * (see packageRepository).
 */
export type PackageBuildRequest = ImageBuildRequest;

export interface BuiltPackage {
  /** Pinned reference: repository@sha256:<manifest digest>, what releases deploy, exactly like an image. */
  package: string;
  /** The OCI manifest digest (what the registry answers as Docker-Content-Digest). */
  digest: string;
  /** The digest of the tar.gz layer itself. */
  layerDigest: string;
  size: number;
  tag: string;
}

export interface PackageIo {
  signal: AbortSignal;
  heartbeat: () => void;
}

/**
 * Packages instead of images: the build output and its start.sh as one tar.gz, stored content-addressed as an
 * OCI artifact (one layer, artifactType application/vnd.gantry.package.v1+tar) in the registry, or in the
 * embedded mode's local OCI layout. The manifest digest pins it.
 */
export interface PackageStore {
  publish(req: PackageBuildRequest, io: PackageIo): Promise<BuiltPackage>;
  /** Fetches the package a pinned reference names and unpacks it into `dir` (start.sh at its top). */
  unpack(reference: string, dir: string, io: PackageIo): Promise<void>;
}
