/**
 * berthd's image store: references parsed as Docker does, a registry client
 * (OCI distribution API, Basic and Bearer auth, mirrors, insecure
 * registries), a content-addressed store in OCI layout with flattened
 * read-only root filesystems, and docker-save/OCI archives in and out.
 */
export { ImageStore } from './store.js';
export type { ImageRecord, ImageStoreOptions, PullOptions } from './store.js';
export type { PullProgress } from './pull.js';
export type { RegistryCredentials } from './credentials.js';
export { ImageError, type ImageErrorKind } from './errors.js';
export type { OciImageConfig, OciContainerConfig, HealthcheckConfig } from './oci-types.js';
export { parseReference, withDefaultTag, familiarName, referenceString, repositoryName, type ImageReference } from './reference.js';
export { parsePlatform, formatPlatform, hostPlatform } from './platform.js';
