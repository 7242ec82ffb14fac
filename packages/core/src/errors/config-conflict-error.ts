import { DomainError } from './domain-error';

/** A `config.update` made against a version of the section that is no longer the current one. */
export class ConfigConflictError extends DomainError {
  constructor(section: string, expectedVersion: number, currentVersion: number) {
    super(
      'conflict',
      'CONFIG_VERSION_CONFLICT',
      `${section} configuration is at version ${currentVersion}, not ${expectedVersion}; read it again and retry`,
      { details: { section, currentVersion } },
    );
    this.name = 'ConfigConflictError';
  }
}
