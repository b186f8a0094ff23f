/** The package version, reported when two copies of the suite meet on one page. Kept equal to package.json by the build. */
export const VERSION = '0.1.0';
