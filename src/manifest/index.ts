export { allPermissions, effectivePermissions, loadManifest, ManifestError, parseManifest, registrationOf, connectionForScheme } from './load.js';
export type {
  ConnectionKind,
  Manifest,
  ManifestApp,
  ManifestConnection,
  ManifestContext,
  ManifestPermission,
  ManifestProblem,
  PermissionResource,
  PermissionType,
} from './types.js';
