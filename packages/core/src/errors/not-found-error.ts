import { DomainError } from './domain-error';

/** An id that names nothing. */
export class NotFoundError extends DomainError {
  constructor(entity: string, id: string) {
    super('not_found', `${entity.toUpperCase()}_NOT_FOUND`, `${entity} ${JSON.stringify(id)} was not found`);
    this.name = 'NotFoundError';
  }
}
