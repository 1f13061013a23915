import { InstitutionDirectory1763800000100 } from './migrations/1763800000100-institution-directory';
import { DirectoryLicence1764400000100 } from './migrations/1764400000100-directory-licence';

export * from './directory.entity';
export * from './directory.repository';
export { InstitutionDirectory1763800000100, DirectoryLicence1764400000100 };

/** The directory's migrations, in order: a consuming service lists them with its own. */
export const DIRECTORY_MIGRATIONS = [InstitutionDirectory1763800000100, DirectoryLicence1764400000100];
