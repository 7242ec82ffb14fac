/** The studio's version, reported by `health`. */
export const STUDIO_VERSION = '0.1.0';
