/** berthd's version, reported by `GET /version` (the Docker API version is in api/system.ts). */
export const BERTHD_VERSION = '0.1.0';
